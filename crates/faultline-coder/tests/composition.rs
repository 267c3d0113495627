//! Team-written news sentences, coded from raw text with the built-in
//! dictionaries in document mode: verb composition (the `~` lines of
//! `data/dict/faultline.verbs.txt`), patterns tied to their verbs, the
//! coverage verbs and light verbs, and the coder's actor rules. Each case
//! lists the (source, target, code) triples the sentence must give, in any
//! order; `None` marks a sentence that must give no event.

mod common;

use common::check;

#[test]
fn a_governing_verb_combines_with_the_act_it_governs() {
    check(&[
        // intent: agree to lift a ban on imports is an intent to ease sanctions
        (
            "Ankara agreed to lift the ban on Greek imports.",
            &[("TURGOV", "GRC", "0354")],
        ),
        // refusal
        (
            "The Kenyan president refused to meet the Somali envoy.",
            &[("KENGOV", "SOMGOV", "125")],
        ),
        (
            "Tanzania declined to comment on the Kenyan report.",
            &[("TZA", "KEN", "011")],
        ),
        // demand: "must" in a reported clause, "demanded that"
        (
            "Paris said Moscow must withdraw its troops from Ukraine.",
            &[("FRAGOV", "RUSGOV", "1056")],
        ),
        (
            "Kyiv demanded that Moscow withdraw its troops from Ukraine.",
            &[("UKRGOV", "RUSGOV", "1056")],
        ),
        // appeal: the one asked to act is the target
        (
            "Germany called on Serbia to release the detained journalists.",
            &[("DEU", "SRB", "0253")],
        ),
        (
            "Poland urged Belarus to reopen the border crossing.",
            &[("POL", "BLR", "022")],
        ),
        // threat: governed, conditioned, future
        (
            "Russia threatened to cut gas supplies to Moldova.",
            &[("RUS", "MDA", "1312")],
        ),
        (
            "Iran will retaliate unless Israel halts its strikes.",
            &[("IRN", "ISR", "1384")],
        ),
        (
            "Hamas vowed to attack Israel.",
            &[("PSEREBHMS", "ISR", "1384")],
        ),
        // a future act of cooperation is an intent, also when reported
        ("Japan will send aid to Nepal.", &[("JPN", "NPL", "033")]),
        // a reported act is the act itself, with its own actors
        (
            "Kyiv said Russian forces shelled Kharkiv.",
            &[("RUSMIL", "UKR", "194")],
        ),
    ]);
}

#[test]
fn a_negated_act_is_not_its_positive() {
    check(&[
        (
            "Kazakhstan does not recognize the independence of Kosovo.",
            &[("KAZ", "KSV", "120")],
        ),
        (
            "Russia said it would not withdraw its troops from Ukraine.",
            &[("RUS", "UKR", "1246")],
        ),
        // a negated act of force is no event
        ("Russia did not attack Georgia.", &[]),
    ]);
}

#[test]
fn patterns_apply_to_the_verbs_they_were_written_for() {
    check(&[
        // "&MILITARY *" was written for TAKE (192 occupy), not ARREST
        (
            "The Kenyan army arrested three Somali fighters.",
            &[("KENMIL", "SOMUAF", "173")],
        ),
        ("Uganda sued Kenya in court.", &[("UGA", "KEN", "115")]),
        (
            "The Kenyan opposition pressed Uganda on electoral reform.",
            &[("KENOPP", "UGA", "100")],
        ),
        // a noun inside an adjunct does not pick the pattern
        (
            "Somali rebels launched attacks on Kenya during their long campaign.",
            &[("SOMREB", "KEN", "190")],
        ),
        // killings and bombings outside combat are 18x
        (
            "Gunmen killed five Nigerian villagers.",
            &[("---UAF", "NGACVL", "180")],
        ),
        (
            "Militants bombed a market in Kabul.",
            &[("---UAF", "AFG", "183")],
        ),
    ]);
}

#[test]
fn coverage_verbs_and_light_verbs() {
    check(&[
        (
            "Hungary rejected the proposal from Brussels.",
            &[("HUN", "BEL", "120")],
        ),
        (
            "Ghana refused the request from Togo.",
            &[("GHA", "TGO", "120")],
        ),
        (
            "Israel denied the allegations from Qatar.",
            &[("ISR", "QAT", "016")],
        ),
        (
            "Venezuela dismissed the American sanctions.",
            &[("VEN", "USA", "120")],
        ),
        (
            "North Korea reneged on its pledge to Seoul.",
            &[("PRK", "KORGOV", "120")],
        ),
        (
            "Japan renewed its offer of aid to the Philippines.",
            &[("JPN", "PHL", "033")],
        ),
        (
            "Colombia demobilized thousands of FARC fighters.",
            &[("COL", "COLREB", "0873")],
        ),
        (
            "Protesters defaced the French embassy in Niamey.",
            &[("NEROPP", "FRAGOV", "1712")],
        ),
        (
            "Russia launched an invasion of Ukraine.",
            &[("RUS", "UKR", "190")],
        ),
        (
            "Ukraine mounted an offensive against Russia.",
            &[("UKR", "RUS", "190")],
        ),
        (
            "Israel lifted the blockade of Gaza.",
            &[("ISR", "PSEGZA", "0872")],
        ),
        (
            "The UN opened an inquiry into the killings in Sudan.",
            &[("IGOUNO", "SDN", "090")],
        ),
    ]);
}

#[test]
fn compound_subjects_places_and_victims() {
    check(&[
        // a compound subject of a reciprocal verb meets itself
        (
            "The US, Russia, and Switzerland met yesterday.",
            &[
                ("USA", "RUS", "040"),
                ("USA", "CHE", "040"),
                ("RUS", "USA", "040"),
                ("RUS", "CHE", "040"),
                ("CHE", "USA", "040"),
                ("CHE", "RUS", "040"),
            ],
        ),
        // … unless the verb has a participant of its own
        (
            "The US, Russia and China met Iran.",
            &[
                ("USA", "IRN", "040"),
                ("RUS", "IRN", "040"),
                ("CHN", "IRN", "040"),
            ],
        ),
        // the venue of a symmetric act is not its target
        (
            "Armenia and Azerbaijan held talks in Brussels.",
            &[("ARM", "AZE", "046"), ("AZE", "ARM", "046")],
        ),
        // a place is a better target than an object no dictionary codes
        (
            "Russia launched strikes in Ukraine on Monday.",
            &[("RUS", "UKR", "190")],
        ),
        // the victims of a participle are not its agents
        (
            "There were 10 Russian soldiers killed in Ukraine today.",
            &[],
        ),
        (
            "There were 10 Russian soldiers killed by Ukrainian drones.",
            &[("UKR", "RUSMIL", "190")],
        ),
    ]);
}

#[test]
fn a_place_the_gazetteer_knows_is_a_target_in_a_place_phrase() {
    check(&[
        // a city no actor dictionary names: its state
        (
            "Russian forces launched strikes on the town of Bakhmut.",
            &[("RUSMIL", "UKR", "190")],
        ),
        (
            "Russian forces took full control of Avdiivka.",
            &[("RUSMIL", "UKR", "192")],
        ),
        // a place in the Gaza Strip is Gaza
        (
            "Israeli troops launched strikes on Khan Younis.",
            &[("ISRMIL", "PSEGZA", "190")],
        ),
        // a place of the actor's own state is no target
        ("Ukrainian troops launched strikes on Avdiivka.", &[]),
        // a name shared by places of two countries is no target
        ("The governor launched strikes on Newport.", &[]),
        // nor is a month
        ("The army launched strikes in March.", &[]),
    ]);
}

#[test]
fn an_attack_phrase_names_who_acted_on_the_victims() {
    check(&[
        // a state's weapon: its armed forces
        (
            "Three Indian soldiers were killed in a Pakistani artillery attack.",
            &[("PAKMIL", "INDMIL", "190")],
        ),
        // an armed group as it is
        (
            "Five Israeli soldiers were wounded in a Hamas ambush near the border.",
            &[("PSEREBHMS", "ISRMIL", "180")],
        ),
        // an attack by a state is no place of the victims
        (
            "Ten civilians were killed in a Russian missile strike on the city.",
            &[("RUSMIL", "---CVL", "180")],
        ),
        // no attacker named: nothing (the victims are not the agents)
        ("Eight miners were killed in an attack on Tuesday.", &[]),
    ]);
}

#[test]
fn actors_of_the_2020s() {
    check(&[
        // a title and a surname the dictionary knows from a full name
        (
            "President Ruto met Ugandan officials.",
            &[("KENGOV", "UGAGOV", "040")],
        ),
        (
            "Chancellor Scholz met Ugandan officials.",
            &[("DEUGOV", "UGAGOV", "040")],
        ),
        // plural nationality nouns: the state's bare code
        ("Nigeria expelled 40 Ghanaians.", &[("NGA", "GHA", "174")]),
        (
            "Thousands of Kenyans protested against the Ugandan government.",
            &[("KEN", "UGAGOV", "140")],
        ),
        (
            "Serbs attacked the Kosovo police.",
            &[("SRB", "KSVCOP", "190")],
        ),
        // "U.N." alone, and a former name
        (
            "The U.N. condemned the attack on Sudan.",
            &[("IGOUNO", "SDN", "111")],
        ),
        (
            "The European Community imposed sanctions on Iraq.",
            &[("IGOEUREEC", "IRQ", "163")],
        ),
        // the speaker and the state he speaks for are one actor
        (
            "President Tokayev said Kazakhstan would not recognise the Donetsk People's Republic.",
            &[("KAZGOV", "UKRREB", "120")],
        ),
        // an agent with no state takes the state of the place, else of the
        // other side; an act on one's own society targets that society
        (
            "Protesters stormed the Kenyan parliament.",
            &[("KENOPP", "KENLEG", "145")],
        ),
        (
            "Ecuador declared a state of emergency after riots.",
            &[("ECUGOV", "ECU", "1724")],
        ),
    ]);
}

#[test]
fn a_historical_phrase_drops_only_the_act_it_dates() {
    check(&[
        ("Weeks ago Russia attacked the village of Kupiansk.", &[]),
        ("Russia attacked Georgia years ago.", &[]),
        // in a side clause it dates that clause's act, not the main one
        (
            "Kenya, which fought in World War Two, sent troops to Haiti.",
            &[("KEN", "HTI", "062")],
        ),
        (
            "Kenya sent troops to Haiti, a country it first helped in the 1970s.",
            &[("KEN", "HTI", "062")],
        ),
        (
            "Years ago the two nations fought a war, but on Monday Rwanda signed a peace deal with Uganda.",
            &[("RWA", "UGA", "057"), ("UGA", "RWA", "057")],
        ),
        // a date of the sentence wins over a historical phrase beside it
        (
            "On June 19 Russia attacked Georgia near World War II graves.",
            &[("RUS", "GEO", "190")],
        ),
    ]);
}

#[test]
fn directives_and_cessations() {
    check(&[
        (
            "The European Union is pressuring Serbia to recognize Kosovo.",
            &[("IGOEUREEC", "SRB", "102")],
        ),
        (
            "Slovakia said it would stop sending weapons to Ukraine.",
            &[("SVK", "UKR", "1622")],
        ),
        (
            "Kim Jong Un said he was willing to meet Donald Trump.",
            &[("PRKGOV", "USAOPP", "036")],
        ),
    ]);
}

#[test]
fn appeals_demands_and_refusals_run_parallel_to_intents() {
    check(&[
        (
            "Britain asked Russia to agree to an immediate ceasefire.",
            &[("GBR", "RUS", "0256")],
        ),
        (
            "Britain demanded that Russia agree to a ceasefire.",
            &[("GBR", "RUS", "1056")],
        ),
        (
            "Moscow refused to agree to a ceasefire with Kyiv.",
            &[("RUSGOV", "UKRGOV", "1246")],
        ),
        (
            "Minsk will not agree to talks with Vilnius.",
            &[("BLRGOV", "LTUGOV", "125")],
        ),
    ]);
}

#[test]
fn criticism_in_other_words() {
    check(&[
        (
            "The Chinese foreign ministry assailed the new Dutch export rules.",
            &[("CHNGOV", "NLD", "111")],
        ),
        ("Turkey was critical of Sweden.", &[("TUR", "SWE", "111")]),
        (
            "The senator took a swipe at the Mexican government.",
            &[("---LEG", "MEXGOV", "111")],
        ),
        (
            "Serbia objected to the proposal from Kosovo.",
            &[("SRB", "KSV", "110")],
        ),
    ]);
}

#[test]
fn a_compound_meeting_in_a_place_meets_itself() {
    check(&[(
        "Joe Biden and Xi Jinping will meet in San Francisco.",
        &[("USAGOV", "CHNGOV", "036"), ("CHNGOV", "USAGOV", "036")],
    )]);
}

#[test]
fn titles_adjuncts_and_readiness() {
    check(&[
        // a title replaces the role the dictionary gives the person
        (
            "Iranian President Masoud Pezeshkian called on the European Union to ease sanctions on Iranian oil exports.",
            &[("IRNGOV", "IGOEUREEC", "0254")],
        ),
        // "in return for" and "on the eve of" open adjuncts
        (
            "Iran called on the European Union to ease sanctions in return for a revival of nuclear talks.",
            &[("IRN", "IGOEUREEC", "0254")],
        ),
        (
            "Saudi Arabia hosted Ukrainian President Volodymyr Zelensky in Jeddah on the eve of talks between Ukraine and the United States.",
            &[("SAU", "UKRGOV", "043"), ("UKRGOV", "SAU", "042")],
        ),
        (
            "India and Japan coordinated their positions ahead of the G20 summit in New Delhi.",
            &[("IND", "JPN", "050"), ("JPN", "IND", "050")],
        ),
        // a state after "on" is the venue of a symmetric act
        (
            "Japanese and Philippine troops held joint drills on Luzon.",
            &[("JPNMIL", "PHLMIL", "062"), ("PHLMIL", "JPNMIL", "062")],
        ),
        // forces are the military; an armed group's delegation is the group
        (
            "U.S. and South Korean forces began joint exercises.",
            &[("USAMIL", "KORMIL", "062"), ("KORMIL", "USAMIL", "062")],
        ),
        (
            "A Hamas delegation held talks with Egyptian officials in Cairo.",
            &[("PSEREBHMS", "EGYGOV", "046"), ("EGYGOV", "PSEREBHMS", "046")],
        ),
        // readiness: an intent to the act
        (
            "Lukashenko said he was prepared to free more jailed opposition activists.",
            &[("BLRGOV", "BLROPP", "0353")],
        ),
        // comments, concessions and aid offers
        (
            "Egypt's foreign minister said he was optimistic that the negotiations with Ethiopia would produce a deal.",
            &[("EGYGOV", "ETH", "013")],
        ),
        (
            "President Ruto withdrew the finance bill.",
            &[("KENGOV", "KEN", "0832")],
        ),
        (
            "The opposition party said it would call off its march on Islamabad.",
            &[("PAKOPP", "PAKGOV", "0352")],
        ),
        (
            "The European Commission proposed 50 billion euros in grants and loans for Ukraine.",
            &[("IGOEUREEC", "UKR", "0331")],
        ),
    ]);
}

#[test]
fn protests_have_venues_and_halts_end_acts() {
    check(&[
        // a place is where a protest happens; with no one named it is
        // against the protesters' own government
        (
            "Thousands of Serbs marched through Belgrade.",
            &[("SRB", "SRBGOV", "141")],
        ),
        (
            "Kenyans marched in Nairobi and a dozen other towns against tax increases.",
            &[("KEN", "KENGOV", "141")],
        ),
        (
            "Hundreds of thousands of Turks rallied on Istanbul's Galata Bridge against Israel's war in Gaza.",
            &[("TUR", "ISR", "141")],
        ),
        (
            "Students blocked a major intersection in Belgrade for 24 hours.",
            &[("SRBEDU", "SRBGOV", "144")],
        ),
        (
            "Protesters set fire to government buildings in Kathmandu.",
            &[("NPLOPP", "NPLGOV", "145")],
        ),
        (
            "The jailed opposition leader Alexei Navalny went on hunger strike.",
            &[("RUSOPP", "RUSGOV", "142")],
        ),
        // a place of its own is no target of a domestic act
        (
            "Peru declared a state of emergency in Lima.",
            &[("PERGOV", "PER", "1724")],
        ),
        // "each": the members act on one another
        (
            "Russia and Ukraine each freed 390 prisoners on Friday.",
            &[("RUS", "UKR", "0841"), ("UKR", "RUS", "0841")],
        ),
        (
            "Israel and Hamas halted the fighting under a truce brokered by Egypt.",
            &[("ISR", "PSEREBHMS", "0871"), ("PSEREBHMS", "ISR", "0871")],
        ),
        (
            "Russia declared Amnesty International an undesirable organisation.",
            &[("RUS", "NGOHRIAMN", "172")],
        ),
        // an organisation's envoy is the organisation
        (
            "Myanmar's junta refused to let ASEAN's special envoy meet Aung San Suu Kyi.",
            &[("MMRGOV", "IGOSEAASN", "120")],
        ),
    ]);
}

#[test]
fn attributed_violence_and_joint_work() {
    check(&[
        // an attribution at the end does not make the act a modifier
        (
            "JNIM militants killed at least 12 civilians in an attack on a market in northern Burkina Faso, local sources said.",
            &[("IMGMUSRAD", "BFACVL", "180")],
        ),
        (
            "Russian artillery pounded residential districts of Kupiansk in the Kharkiv region overnight, the regional governor said.",
            &[("RUSMIL", "UKR", "194")],
        ),
        (
            "Israeli troops mounted a ground incursion into southern Lebanon.",
            &[("ISRMIL", "LBN", "190")],
        ),
        (
            "Indian and Bangladeshi border guards carried out coordinated patrols along the frontier.",
            &[("INDMIL", "BGDMIL", "062"), ("BGDMIL", "INDMIL", "062")],
        ),
        (
            "French and Belgian prosecutors set up a joint investigation team.",
            &[("FRAJUD", "BELJUD", "063"), ("BELJUD", "FRAJUD", "063")],
        ),
    ]);
}

#[test]
fn unions_and_suspended_members() {
    check(&[
        (
            "The union sued the Kenyan government.",
            &[("KENLAB", "KENGOV", "115")],
        ),
        ("The US suspended aid to Niger.", &[("USA", "NER", "162")]),
    ]);
}
