//! Team-written sentences for actor precision (issue 10): phrases that
//! name no place or person give a role, not a state; a role word after a
//! title is not a surname; entries of `data/dict/faultline.actors.txt`
//! coded `[---]` cancel a Phoenix entry; stale Soviet-era codes are
//! replaced; complying with sanctions and voting with a partner. Coded from
//! raw text with the built-in dictionaries in document mode; each case
//! lists the (source, target, code) triples the sentence must give, in any
//! order, an empty list meaning no event.

mod common;

use common::check;

#[test]
fn role_words_are_not_surnames() {
    check(&[
        // "spokesman" after the title "Foreign Ministry" was read as the
        // surname of WHITE_HOUSE_SPOKESMAN (USAGOV)
        (
            "A Foreign Ministry spokesman criticized NATO.",
            &[("---GOV", "IGOWSTNAT", "111")],
        ),
        (
            "An Interior Ministry spokeswoman praised the European Union.",
            &[("---GOV", "IGOEUREEC", "051")],
        ),
        // "in" after the agent "voters" was read as the last word of
        // MOON_JAE_IN (KORCVL)
        (
            "Voters in the capital rejected NATO.",
            &[("---CVL", "IGOWSTNAT", "120")],
        ),
    ]);
}

#[test]
fn international_bodies_keep_their_codes() {
    check(&[
        // "Criminal Court" was read as US_DISTRICT_COURT's surname (USACRM)
        (
            "The International Criminal Court charged two Libyan militia commanders.",
            &[("IGOJUDICC", "LBYUAFMIL", "173")],
        ),
    ]);
}

#[test]
fn cancelled_phoenix_phrases_give_a_role_and_a_later_state() {
    check(&[
        // NATIONAL_SECURITY_COUNCIL [USAGOV] is cancelled: the state comes
        // from the "of" phrase, the role from the agent
        (
            "The National Security Council of Armenia accused Azerbaijan of provocations.",
            &[("ARMGOVMIL", "AZE", "112")],
        ),
        // SUPREME_COURT_JUSTICES [USAGOVJUD] is cancelled: a role only
        (
            "Supreme Court justices rebuked NATO.",
            &[("---JUD", "IGOWSTNAT", "111")],
        ),
    ]);
}

#[test]
fn dated_codes_of_the_2020s() {
    check(&[
        // Phoenix's [USRTKM >911016] held on every later date
        (
            "Turkmenistan's president met Kazakhstan's president in Ashgabat.",
            &[("TKMGOV", "KAZGOV", "040")],
        ),
        // Phoenix's [KENGOV >080301] outlived his presidency (to 2022-09-13)
        (
            "Uhuru Kenyatta criticized Somalia.",
            &[("KENELI", "SOM", "111")],
        ),
    ]);
}

#[test]
fn complying_with_sanctions_and_voting_with_a_partner() {
    check(&[
        // complying with sanctions on X is a sanction toward X, not 030
        (
            "Azerbaijan will comply with the arms embargo on Armenia.",
            &[("AZE", "ARM", "163")],
        ),
        (
            "Georgia abided by the sanctions against Russia.",
            &[("GEO", "RUS", "163")],
        ),
        // the state voted "with" is a partner, not the object of 110
        ("Hungary voted with Slovakia against the proposal.", &[]),
        // voting against a state is still 110
        ("Hungary voted against Ukraine.", &[("HUN", "UKR", "110")]),
    ]);
}
