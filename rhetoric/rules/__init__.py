"""The rule engine and its kinds: rules are data in rhetoric/lexicons, code only interprets them."""

from .base import Context, Example, Rule, RuleInfo
from .engine import Analyzer, all_examples, default_analyzer, kind, load_lexicon, load_rules, rule_table
from .existence import ExistenceIndex, ExistenceRule


def fires(rule: Rule, example: Example) -> bool:
    """Whether analysing the example's text with this rule alone yields a finding of the example's rule id."""
    report = Analyzer([rule]).run(example.text, categories=[rule.category])
    return any(f.rule == example.rule or f.rule.startswith(example.rule + ".") for f in report)


__all__ = ["Analyzer", "Context", "Example", "ExistenceIndex", "ExistenceRule", "Rule", "RuleInfo", "all_examples",
           "default_analyzer", "fires", "kind", "load_lexicon", "load_rules", "rule_table"]
