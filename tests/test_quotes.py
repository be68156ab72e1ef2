"""The quotation classifier: each feature on must-fire and must-not-fire sentences, the decision table, the gold."""

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from rhetoric import Document, Finding, analyze
from rhetoric.evaluate import evaluate, read_gold
from rhetoric.rules import Context, load_rules
from rhetoric.rules.engine import load_lexicon
from rhetoric.rules.quotes import FEATURES, DocFacts, QuotationRule, term

ROOT = Path(__file__).resolve().parents[1]
RULE = next(rule for _, rule in load_rules() if isinstance(rule, QuotationRule))


def feature(name: str, text: str, which: int = 0) -> bool:
    """Whether feature `name` holds for the `which`-th quotation of `text`."""
    doc = Document(text)
    site = RULE.site(doc, doc.quotations[which])
    return FEATURES[name](site, RULE.lex, DocFacts(doc, RULE.lex)) is not None


FIRE = {
    "speech_before": ['The minister said "never".', 'She called for "restraint" on all sides.',
                      'Protesters were demanding "fair elections".', 'He wrote: "We are done."'],
    "speech_after": ['"We are done," the minister said.', '"Never", said Smith.', '"Enough!" they shouted.'],
    "reported_speech": ['He warned that the army was preparing "a provocation".',
                        'She stated during the talks that they would "close the sky".',
                        'Their statement that peace was "near" surprised nobody.',
                        'The minister said the talks had been "constructive" and would go on.',
                        'The authors find that coverage became "more hostile" after 2014.'],
    "colon_before": ['His answer was short: "never".', 'The motto reads: "Forward together."'],
    "according_to": ['According to the mayor, the bridge is "safe".', 'The bridge is "safe", according to the mayor.'],
    "source_sentence": ['The draft obliges them to hold "consultations".', 'The statement speaks of "progress".',
                        'Under the treaty, members must "consult".', 'He signed an application for "accelerated entry".'],
    "source_paragraph": ['The statement was brief. It spoke of "progress".'],
    "dense": ['They must "meet", "consult" and "decide" at once.'],
    "cue_naming": ['They nicknamed it the "Kiev treaty".', 'The term "détente" is French.',
                   'She is known as "the Iron Lady".', 'The project got a new name – "Northern Star".',
                   'He works for the company "Volga Steel".', 'Reporters dubbed the plan the "Grand Bargain".'],
    "cue_doubt": ['The so-called "experts" arrived.', 'The self-proclaimed "mayor" spoke.',
                  'This is what they call "peace".', 'They explained that there was simply no "fast track".'],
    "characterization": ['The blurb calls the novel "a triumph of the imagination".', '"An expensive way to sleep".'],
    "back_reference": ['The mentioned "guarantees" replace membership.', 'The aforementioned "roadmap" failed.'],
    "finite_verb": ['"We will win."', '"The talks failed on Monday."', '"It is over."', '"Tonight, we begin again."'],
    "clause": ['"Our task is to make sure that they answer."', '"Stop!"', '"Is it over?"',
               '"The interlocutors discussed a block of issues."'],
    "name_like": ['The approval of the "Northern Corridor" is pending.', 'Shares of "Volga Steel" rose.',
                  '"Northern Corridor Initiative" is pending.'],
    "refrain": ['The "experts" came. The "experts" spoke. The "Experts" left.'],
    "inside_quote": ['He said: "They offer their \'guarantees\' and wait."'],
}
NO_FIRE = {
    "speech_before": ['The mentioned "guarantees" are vague.', 'Kiev asked to be admitted to NATO under the "procedure".',
                      'They signed an application for "accelerated entry".', 'The "drain" was obvious.',
                      'Shoigu called colleagues from the same countries about "bombs".'],
    "speech_after": ['The "wishlist" regarding guarantees grew.', 'He canceled his "compromise" so demonstratively.',
                     'The "deal" and then said nothing.'],
    "reported_speech": ['He knew that the army was preparing "a provocation".', 'The said "plan" was dropped.',
                        'He said nothing. The "plan" was dropped.',
                        'They seemed to make it clear that the "agreements" were canceled.',
                        'The mentioned plan means that "guarantees" matter.'],
    "colon_before": ['The "wishlist" is significant: it matters.', 'Yermak "fixed the profit": nothing changed.'],
    "according_to": ['The bridge is "safe", the mayor insisted.'],
    "source_sentence": ['The "wishlist" is significant.', 'This was mentioned in "the draft treaty".',
                        'He signed up for "accelerated entry".'],
    "source_paragraph": ['The "wishlist" is significant. Nobody noticed.', 'The statement was brief.\nIt was "progress".'],
    "dense": ['They must "meet" and "consult" at once.', 'They "met". They "consulted". They "decided".'],
    "cue_naming": ['Shoigu called colleagues from the same countries about "bombs".', 'The "term" is short.',
                   'She called for "restraint".', 'He is known for this phrase: "Our task is clear."',
                   'The word of the day was "peace".'],
    "cue_doubt": ['The "experts" arrived.', 'He called the "experts" at once.', 'He said "no deal" twice.',
                  'Nobody knows the "experts".'],
    "characterization": ['They dubbed it the "Grand Bargain".', 'It was "a trick".', 'The "analysis of a trend".'],
    "back_reference": ['He mentioned "guarantees".', 'The same "guarantees" again.', 'The "mentioned" plan.'],
    "finite_verb": ['"collective security guarantees"', '"fixed the profit"', '"all elements of their strength"',
                    '"the Ermak–Rasmussen group project"', '"a long-requested proof"'],
    "clause": ['He asked for "dirty bomb technologies."', '"security guarantees"', '"will pay"',
               '"compensates for the damage"'],
    "name_like": ['"Guarantors" take on a burden.', '"Security guarantees" are like insurance.',
                  'He mentioned "security guarantees".', 'He said: "Our task is to make sure that they pay."'],
    "refrain": ['The "experts" came. The "experts" left.', 'The "experts" came. The "expert panel" left. The "expertise".'],
    "inside_quote": ['He said "They offer guarantees" and left.', 'The "guarantees" and the "offer".'],
}


@pytest.mark.parametrize(("name", "text"), [(n, t) for n, ts in FIRE.items() for t in ts])
def test_feature_fires(name, text):
    which = len(Document(text).quotations) - 1 if name == "inside_quote" else 0
    assert feature(name, text, which), f"{name} should hold for the quotation in {text!r}"


@pytest.mark.parametrize(("name", "text"), [(n, t) for n, ts in NO_FIRE.items() for t in ts])
def test_feature_does_not_fire(name, text):
    doc = Document(text)
    assert all(not feature(name, text, i) for i in range(len(doc.quotations))), f"{name} should not hold in {text!r}"


def test_every_feature_has_both_kinds_of_test():
    assert set(FIRE) == set(NO_FIRE) == set(FEATURES)


def test_terms_compare_without_case_article_or_edge_punctuation():
    assert term("The Guarantors,") == term("guarantors") == "guarantors"
    assert term("dirty bomb technologies.") == "dirty bomb technologies"
    assert term("security  guarantees") == term("Security guarantees")


@pytest.mark.parametrize(("text", "label", "rule"), [
    ('They nicknamed the deal the "Grand Bargain".', "naming", "quote.naming.cue"),
    ('The so-called "reform" failed.', "scare", "quote.scare.doubt-cue"),
    ('The minister said: "We will never sign this under pressure."', "direct", "quote.direct.attributed-clause"),
    ('The governor promised "decisive measures".', "partial", "quote.partial.speech-verb"),
    ('Their "wishlist" grew.', "scare", "quote.scare.unattributed-term"),
])
def test_classifier_labels_by_the_first_matching_row(text, label, rule):
    (f,) = analyze(text, "quote")
    assert (f.label, f.rule) == (label, rule)


def test_every_quotation_gets_exactly_one_finding_with_its_marks():
    text = ('The "experts" said: "It is over." Critics dubbed it the "Big Lie", and the \'reform\' stalled. '
            '«Peace» was the word; „never“ was the answer.\nShe wrote that the army would "hold the line".')
    doc = Document(text)
    report = analyze(text, "quote")
    assert [(f.start, f.end) for f in report] == [(q.start, q.end) for q in doc.quotations]
    assert all(f.text[0] in "\"'«„" and f.text[-1] in "\"'»“" for f in report)
    assert {f.category for f in report} == {"quote"}


def test_labels_are_recorded_for_later_rules_and_findings_say_why():
    text = 'The so-called "experts" warned that the army would soon "hold the line".'
    ctx = Context(Document(text))
    findings = list(RULE.find(ctx))
    assert ctx.quote_labels == {(f.start, f.end): f.label for f in findings}
    scare, partial = findings
    assert scare.features == ("cue_doubt",) and "so-called" in scare.message
    assert partial.features == ("reported_speech",) and "warned" in partial.message
    assert all(f.message.split(":")[0] in ("Scare quote", "Partial quotation") for f in findings)


def test_message_counts_words_in_good_english():
    (one,) = analyze('Their "wishlist" grew.', "quote")
    (two,) = analyze('Their "long wishlist" grew.', "quote")
    assert "(1 word)" in one.message and "(2 words)" in two.message


def test_decision_table_ends_with_an_unconditional_row_and_rejects_unknown_features():
    data = tomllib.loads((resources.files("rhetoric") / "lexicons" / "quotes.toml").read_text(encoding="utf-8"))
    assert not {"all", "any", "none", "min_words", "max_words"} & set(data["rules"][-1])
    assert [r["id"] for r in data["rules"]] == [row.id for row in RULE.rows]
    bad = {**data, "rules": [{**data["rules"][0], "all": ["no_such_feature"]}] + data["rules"][1:]}
    with pytest.raises(ValueError, match="no_such_feature"):
        load_lexicon(bad)
    with pytest.raises(ValueError, match="default"):
        load_lexicon({**data, "rules": data["rules"][:-1]})
    with pytest.raises(ValueError):
        load_lexicon({**data, "rules": [{**data["rules"][0], "id": "quote.direct.x"}] + data["rules"][1:]})


def test_analyze_prints_every_quotation_with_label_and_reason(capsys):
    from rhetoric.cli import main

    seed = ROOT / "data" / "texts" / "seed.txt"
    assert main(["analyze", str(seed), "--only", "quote"]) == 0
    out = capsys.readouterr().out.splitlines()
    n = len(Document(seed.read_text(encoding="utf-8")).quotations)
    rows = [line for line in out if " quote/" in line]
    assert len(rows) == n > 0
    assert all(any(w in line for w in ("Scare quote", "Partial quotation", "Direct quotation", "Naming")) for line in rows)


def test_seed_gold_agreement():
    text = (ROOT / "data" / "texts" / "seed.txt").read_text(encoding="utf-8")
    gold_path = ROOT / "data" / "gold" / "seed.quotes.jsonl"
    if not gold_path.exists():
        pytest.skip("no gold quotations for the seed")
    gold = read_gold([gold_path], text)
    ev = evaluate(list(gold), list(analyze(text, "quote")))
    found, n_gold, n_pred = ev.quotes_found
    print(f"seed quotation label agreement: {ev.quote_agreement:.3f} ({found} of {n_gold} found, {n_pred} predicted)")
    assert found == n_gold == n_pred
    assert ev.quote_agreement >= 0.90


def test_heldout_agreement():
    """Quotations in other styles, annotated apart from the rules: label agreement through the shared scorer."""
    path = ROOT / "data" / "heldout" / "quotes.jsonl"
    if not path.exists():
        pytest.skip("no held-out quotations")
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    agreements = []
    for item in items:
        text, quote = item["text"], item["quote"]
        start = text.index(quote)
        gold = Finding(start, start + len(quote), quote, "quote", item["label"], "gold", "")
        ev = evaluate([gold], list(analyze(text, "quote")))
        assert ev.quotes_found[0] == 1, f"quotation {quote!r} not found with its exact span in {text!r}"
        agreements.append(ev.quote_agreement)
    agreement = sum(agreements) / len(agreements)
    print(f"held-out quotation label agreement: {agreement:.3f} over {len(items)} quotations")
    assert len(items) >= 24
    assert agreement >= 0.85


def test_cue_words_come_from_the_lexicon_sets():
    data = tomllib.loads((resources.files("rhetoric") / "lexicons" / "quotes.toml").read_text(encoding="utf-8"))
    (narrow,) = load_lexicon({**data, "sets": {**data["sets"], "according_to": ["according to"],
                                               "pronoun_objects": ["it"]}})
    assert isinstance(narrow, QuotationRule)

    def holds(rule: QuotationRule, name: str, text: str) -> bool:
        doc = Document(text)
        return FEATURES[name](rule.site(doc, doc.quotations[0]), rule.lex, DocFacts(doc, rule.lex)) is not None

    words_of = 'In the words of the mayor, the bridge is "a gift".'
    known_as = 'The old tower is known as the "Needle".'
    assert holds(RULE, "according_to", words_of) and not holds(narrow, "according_to", words_of)
    assert holds(RULE, "cue_naming", known_as) and not holds(narrow, "cue_naming", known_as)
    assert holds(narrow, "according_to", 'According to the mayor, the bridge is "a gift".')
