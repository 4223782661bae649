"""Demo content for ``manage.py seed_demo``: an invented archive of commentary.

Everything here is original: fictional publications, authors, places and
institutions, with article bodies assembled from phrase banks written for this
project. Nothing is copied from real articles, and no real living people appear.

Generation is deterministic: one ``random.Random(SEED)`` drives every choice in a
fixed order, so the same code always produces the same text (dates are relative
to the moment of seeding).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.first_versions import record_first_versions
from articles.models import Article, Author, Byline, Comment, Publication, Topic

SEED = 2026

# --------------------------------------------------------------------------
# Publications, authors, topics
# --------------------------------------------------------------------------

PUBLICATIONS = {
    "meridian": {
        "name": "The Meridian Review",
        "website": "https://meridian-review.example.org/",
        "about": (
            "The Meridian Review has published argument about foreign affairs since it began "
            "as a monthly pamphlet printed above a chandler's shop in Kelmouth. It favours long "
            "essays by people who have sat at the negotiating table, and it prints rebuttals as "
            "readily as it prints the pieces that provoke them."
        ),
    },
    "harbour": {
        "name": "Harbour & Hinterland",
        "website": "https://harbour-hinterland.example.org/",
        "about": (
            "Harbour & Hinterland is a magazine about the places where people live and the "
            "systems that keep them afloat: ports, rivers, markets and city halls. It is edited "
            "by a small cooperative of planners and reporters. Its readers pay for it, and its "
            "writers are expected to have walked the streets they write about."
        ),
    },
    "ledger": {
        "name": "The Civic Ledger",
        "website": "https://civic-ledger.example.com/",
        "about": (
            "The Civic Ledger covers the public services that rarely make the news until they "
            "fail: clinics, classrooms, water pipes and the software that now runs beneath them. "
            "Its columnists include doctors, teachers and engineers, and each piece is meant to "
            "leave the reader with something they could actually do."
        ),
    },
}

AUTHORS = {
    "ilse": {
        "name": "Ilse Varrowmere",
        "bio": (
            "The author is a historian of nineteenth-century treaty-making and a visiting "
            "lecturer in diplomacy at the Calloway Institute in Oberwaith."
        ),
    },
    "teodor": {
        "name": "Teodor Anslow",
        "bio": (
            "The author is a former customs negotiator who now writes on tariffs, shipping and "
            "the everyday politics of trade."
        ),
    },
    "mireille": {
        "name": "Mireille Otunde-Sarr",
        "bio": (
            "The author is an urban planner who has advised delta cities on flood defence, "
            "housing and monsoon preparedness."
        ),
    },
    "kenji": {
        "name": "Kenji Halvorsen-Ito",
        "bio": (
            "The author is a researcher in technology policy and a former adviser to the Essory "
            "data commission."
        ),
    },
    "priya": {
        "name": "Priya Castellane",
        "bio": (
            "The author is a public health physician who has worked in island and mountain "
            "clinics and writes on the economics of care."
        ),
    },
    "wen": {
        "name": "Wen Lassiter-Zhou",
        "bio": (
            "The author is a schoolteacher turned education columnist with a long interest in "
            "the history of examinations and archives."
        ),
    },
}

TOPICS = {
    "diplomacy": "Diplomacy",
    "trade": "Trade",
    "climate": "Climate Adaptation",
    "cities": "Cities",
    "tech": "Technology Policy",
    "health": "Public Health",
    "history": "History",
    "education": "Education",
}

# --------------------------------------------------------------------------
# Phrase banks
#
# A paragraph template is a list of sentences; a sentence given as a tuple is a
# set of alternatives, one of which is picked. Slots: {subject}, {place},
# {actor}, {person}, {pct}, {count}, {year}; a capitalised slot name
# ({Subject}, {Actor}, ...) gives the value with its first letter capitalised.
# A {person} value ends with a comma ("Name, who does X,") and must be followed
# by a verb or other word, never by punctuation.
# --------------------------------------------------------------------------

TOPIC_BANKS: dict[str, dict] = {
    "diplomacy": {
        "places": [
            "the Amberline Strait",
            "the Cassory Archipelago",
            "the border town of Meskel",
            "the neutral city of Oberwaith",
        ],
        "actors": [
            "the Tarvossan foreign ministry",
            "the Sundral envoy office",
            "the Oberwaith contact group",
            "the joint fisheries commission",
        ],
        "people": [
            "Aurel Fenwick-Daro, Tarvossa's deputy foreign minister,",
            "Sabine Okoro-Lund, a veteran Sundral negotiator,",
            "Matthias Rell, who chaired the last round of talks,",
            "Yara Demmick, a former ambassador to Oberwaith,",
        ],
        "paragraphs": [
            [
                (
                    "The first thing to understand about {subject} is that neither side "
                    "expects to win outright.",
                    "Nobody close to {subject} believes in a clean victory, whatever they say "
                    "on the evening news.",
                ),
                "Tarvossa and the Sundral Federation have spent the better part of a generation "
                "learning each other's habits, and each knows the other can absorb a setback "
                "without collapsing.",
                (
                    "What they are really negotiating is the price of stability, and the "
                    "currency is patience.",
                    "The real question on the table is how much uncertainty each capital is "
                    "prepared to live with.",
                ),
            ],
            [
                (
                    "Diplomacy at this level is mostly logistics.",
                    "It is tempting to imagine diplomacy as a duel of brilliant minds, but most "
                    "of it is logistics.",
                ),
                "Who sits where, which language the draft circulates in, whether a phrase in "
                'paragraph four says "notes" or "welcomes": these details decide whether a '
                "text survives the flight home.",
                (
                    "{Person} once told me that the hardest hour of any negotiation is the one "
                    "spent agreeing on the agenda.",
                    "I have watched delegations lose a whole afternoon over the order of two "
                    "agenda items, and I no longer think that is foolish.",
                ),
            ],
            [
                (
                    "Rival powers rarely trust each other, and they do not need to.",
                    "Trust is overrated as a precondition for agreement.",
                ),
                "What they need is verification that is cheap, boring and routine.",
                "The fisheries observers who have sailed the Amberline Strait for the past {count} "
                "seasons have done more to lower the temperature than any summit, precisely "
                "because nobody notices them.",
                (
                    "An inspection that happens every week stops being an insult and becomes a "
                    "habit.",
                    "Once an inspection becomes routine, it stops being a provocation.",
                ),
            ],
            [
                "Critics in both capitals call this appeasement.",
                (
                    "They argue that every concession invites another demand, and that {actor} "
                    "has already given away too much.",
                    "Their complaint is that {actor} trades real leverage for paper promises.",
                ),
                (
                    "It is a serious argument, and it deserves a better answer than the usual "
                    "talk of dialogue for its own sake.",
                    "The argument is not foolish, but it mistakes the purpose of the exercise.",
                ),
                "The point of a working channel is not that it produces concessions; it is "
                "that it exists on the day something goes wrong.",
            ],
            [
                "Consider what happened during the incident near {place} {count} years ago.",
                "A patrol boat ran aground, a crew was detained, and for forty-eight hours the "
                "newspapers on both sides competed to sound angriest.",
                (
                    "What defused it was not a speech but a telephone call between two "
                    "mid-ranking officials who had shared a conference table the previous "
                    "spring.",
                    "The crisis ended quietly, through a call between two junior officials who "
                    "happened to know the names of each other's children.",
                ),
            ],
            [
                (
                    "Public opinion is the variable negotiators most like to ignore and can "
                    "least afford to.",
                    "Every agreement must eventually be sold at home.",
                ),
                "Polling in Tarvossa suggests that about {pct} percent of voters would accept "
                "a shared management zone, provided nobody calls it a compromise.",
                (
                    "That is not hypocrisy; it is how democracies digest difficult choices.",
                    "Words matter here more than maps.",
                ),
                "The drafters of any final text would do well to spend as much time on its "
                "vocabulary as on its coordinates.",
            ],
            [
                "Smaller neighbours watch all of this with understandable anxiety.",
                (
                    "For the island councils of the Cassory Archipelago, the contest between "
                    "the great powers is not an abstraction but a question of whether the "
                    "ferry runs on Tuesday.",
                    "The islanders of the Cassory Archipelago have learned that when larger "
                    "powers negotiate, local fishing rights are often the first thing traded "
                    "away.",
                ),
                "Any settlement that does not give them a seat, or at least a microphone, "
                "will be brittle.",
            ],
        ],
        "closings": [
            "None of this will make headlines. That is rather the point: the best diplomacy "
            "leaves nothing to photograph except two tired delegations shaking hands in a "
            "corridor.",
            "If there is a lesson in {subject}, it is that stability is a practice rather "
            "than a prize. It has to be renewed every season, by people whose names most of us "
            "will never learn.",
            "The temptation, as always, will be to declare victory early. Better to declare "
            "nothing, keep the channel open and let the dull work continue.",
        ],
    },
    "trade": {
        "places": [
            "the port of Kelmouth",
            "the inland depot at Varsk",
            "the river port of Sael",
            "the free port of Ambrel",
        ],
        "actors": [
            "the Kelmouth Chamber of Shipping",
            "the Orrin tariff board",
            "the Tarvossan trade ministry",
            "the freight forwarders' association",
        ],
        "people": [
            "Dario Velk, who runs a family importing business in Kelmouth,",
            "Ines Marbury, an economist at the Orrin tariff board,",
            "Gustav Holloran, a retired customs inspector,",
            "Nadia Sefton-Amo, who negotiated the last customs agreement,",
        ],
        "paragraphs": [
            [
                (
                    "A tariff is a tax with a flag painted on it.",
                    "Strip away the rhetoric and a tariff is simply a tax, paid mostly by the "
                    "people who buy things.",
                ),
                "The politician who announces it gets the applause; the shopkeeper who pays it "
                "gets the invoice.",
                (
                    "When the duty on imported machine parts rose by {pct} percent, the firms "
                    "that felt it first were not foreign exporters but domestic workshops that "
                    "could no longer afford spares.",
                    "The last increase on imported fertiliser was sold as protection for "
                    "farmers, and it was farmers who ended up paying it.",
                ),
            ],
            [
                (
                    "Ports are honest in a way that press releases are not.",
                    "If you want to know the state of trade, skip the ministry briefing and "
                    "visit a container yard.",
                ),
                "At {place}, the stacks of empty boxes have grown taller each quarter, a sign "
                "that goods are arriving but fewer are leaving.",
                (
                    "{Person} put it bluntly: the ships still come, but they come lighter.",
                    "Talk to the crane operators and you hear the same story: longer waits, "
                    "thinner loads, more paperwork.",
                ),
            ],
            [
                "Customs unions are not built on speeches.",
                (
                    "They are built on harmonised forms, shared product codes and the mutual "
                    "recognition of inspection stamps.",
                    "They rest on dull foundations: common forms, agreed product codes and "
                    "inspectors who accept each other's seals.",
                ),
                "When {actor} proposed a single digital declaration last year, it was "
                "dismissed as a technicality.",
                (
                    "It may turn out to matter more than any headline tariff cut.",
                    "In practice it could save traders more money than any tariff concession "
                    "on the table.",
                ),
            ],
            [
                (
                    "The defenders of the current policy have a point about resilience.",
                    "It would be unfair to dismiss the case for protection entirely.",
                ),
                "A country that cannot make its own medicines or power transformers is "
                "vulnerable in a crisis, and recent years have shown how quickly supply chains "
                "can snap.",
                (
                    "But resilience comes from a diversity of suppliers, not from walls.",
                    "Yet a high tariff wall is a clumsy way to buy resilience; a broad web of "
                    "trading partners is usually a better one.",
                ),
            ],
            [
                "Small exporters suffer most from uncertainty.",
                (
                    "A large manufacturer can hire lawyers to read every new regulation; a "
                    "family firm near {place} cannot.",
                    "Big firms have compliance departments; small ones have a tired owner "
                    "reading regulations at midnight.",
                ),
                "Surveys by {actor} suggest that roughly {pct} percent of small traders "
                "delayed an order last year simply because they could not predict the duty "
                "that would apply on arrival.",
                "That is a hidden cost that never shows up in the official statistics.",
            ],
            [
                (
                    "Trade disputes between rival powers tend to follow a familiar script.",
                    "We have seen this pattern before.",
                ),
                "One side raises a duty, the other retaliates, and both announce that they are "
                "defending their workers.",
                (
                    "Within a year or two, quiet exemptions appear, negotiated by the very "
                    "industries that were supposed to benefit.",
                    "Eventually the list of exemptions grows so long that the original measure "
                    "is more loophole than policy.",
                ),
                "The lesson is not that tariffs never work, but that their effects are rarely "
                "the ones advertised.",
            ],
            [
                "Shipping is also a story about weather and geography.",
                (
                    "The monsoon closes some southern routes for weeks at a time, and a single "
                    "blocked strait can ripple through an entire continent's shelves.",
                    "A closed strait or a late monsoon can matter as much as any treaty.",
                ),
                "Trade policy that ignores the physical realities of {place} is writing cheques "
                "that the sea will not honour.",
            ],
        ],
        "closings": [
            "Trade policy is at its best when it is predictable and at its worst when it is "
            "theatrical. The coming year will show which kind we have chosen.",
            "The ships will keep coming either way. The question is whether the rules that "
            "greet them are written for traders or for television.",
            "If the negotiators want a simple test, here is one: could {person} explain the new "
            "rules to a customer in under a minute? If not, start again.",
        ],
    },
    "climate": {
        "places": [
            "the Lumen Delta",
            "coastal Marandi Province",
            "the low-lying city of Vessanto",
            "the terraced valleys above Sael",
        ],
        "actors": [
            "the Vessanto water board",
            "the Marandi provincial council",
            "the regional drought authority",
            "a cooperative of delta insurers",
        ],
        "people": [
            "Tomas Eberly, an engineer who has spent two decades on the Vessanto dykes,",
            "Leila Anand-Ross, who farms rice on the Marandi coast,",
            "Ruth Okafor-Wynn, a hydrologist at the regional drought authority,",
            "Benedek Sorrel, mayor of a small river town,",
        ],
        "paragraphs": [
            [
                (
                    "Adaptation is the unglamorous cousin of climate policy.",
                    "Cutting emissions gets the summits; adaptation gets the budget leftovers.",
                ),
                "It involves drains, pumps, zoning maps and insurance tables rather than grand "
                "pledges.",
                (
                    "Yet for the people living in {place}, it is the only part of the climate "
                    "debate that arrives on their doorstep.",
                    "For anyone living in {place}, though, adaptation is not a policy area; it "
                    "is the question of whether the ground floor floods this year.",
                ),
            ],
            [
                "The monsoon used to be a calendar.",
                (
                    "Farmers planted by it, schools scheduled exams around it, and traders knew "
                    "when to stock up.",
                    "Generations organised sowing, weddings and school terms around its arrival.",
                ),
                (
                    "Now it arrives late, leaves early or stalls for weeks, then delivers a "
                    "month of rain in three days.",
                    "Today the rains come in violent bursts separated by dry spells that no "
                    "almanac predicts.",
                ),
                "{Person} told me that the old planting dates are now closer to a guess than a "
                "rule.",
            ],
            [
                (
                    "Hard defences have their place.",
                    "Nobody sensible argues against sea walls altogether.",
                ),
                "A well-built barrier can protect a dense district for decades.",
                (
                    "But every wall transfers risk somewhere else, usually downstream and "
                    "usually to people with less political weight.",
                    "The trouble is that a wall moves water rather than removing it, and the "
                    "water tends to end up in poorer neighbourhoods.",
                ),
                "{Actor} has begun to require that new defences come with an honest map of who "
                "gains and who loses.",
            ],
            [
                "There is a better model, and it is not new.",
                (
                    "In {place}, older residents remember when fields were allowed to flood in "
                    "a wet year, and the silt made the next harvest richer.",
                    "Older communities in {place} once built on stilts and left the floodplain "
                    "to the river during the wet months.",
                ),
                "Giving water somewhere to go is cheaper than fighting it everywhere.",
                "Restored wetlands upstream have cut peak flows by roughly {pct} percent in "
                "recent pilot schemes.",
            ],
            [
                (
                    "Money is the hard part.",
                    "The engineering is often easier than the finance.",
                ),
                "Adaptation projects pay off in disasters that do not happen, which makes them "
                "hard to celebrate and easy to cut.",
                (
                    "A ribbon can be cut on a new bridge; nobody holds a ceremony for a flood "
                    "that never arrived.",
                    "Politicians are rarely rewarded for the absence of a catastrophe.",
                ),
                "That is why {actor} now publishes an annual estimate of the damage avoided, a "
                "modest innovation worth copying.",
            ],
            [
                "Local knowledge matters more than consultants like to admit.",
                (
                    "The fishermen of the Lumen Delta could tell you which channels silt up "
                    "after a storm long before any satellite survey.",
                    "Residents who have lived through a dozen floods know which streets drain "
                    "and which ones become rivers.",
                ),
                "Adaptation plans that begin with their maps, rather than ending with a public "
                "consultation, tend to be cheaper and more trusted.",
            ],
            [
                (
                    "Heat is the quieter threat.",
                    "Floods make the news; heat waves mostly make obituaries.",
                ),
                "Cities built of concrete and glass can run several degrees hotter than the "
                "surrounding countryside at night, when the body most needs to recover.",
                (
                    "Shade trees, cool roofs and public spaces that stay open late are not "
                    "luxuries; they are infrastructure.",
                    "Planting trees sounds like a gesture until you measure the temperature on "
                    "a street that has them.",
                ),
            ],
        ],
        "closings": [
            "The climate we are adapting to is not a fixed target, which means the work is "
            "never finished. The best plans admit that openly and expect to be revised.",
            "Adaptation will never be as stirring as prevention. But for {place}, it is the "
            "difference between a hard season and a lost one.",
            "There is no heroic version of this story, only a patient one: a drain cleared "
            "here, a map redrawn there, and a community that trusts the people doing it.",
        ],
    },
    "cities": {
        "places": [
            "Port Abrell",
            "the old quarter of Vessanto",
            "the river city of Sael",
            "the northern suburbs of Kelmouth",
        ],
        "actors": [
            "the Port Abrell planning office",
            "the Sael city council",
            "a tenants' association in Vessanto's old quarter",
            "the regional transit authority",
        ],
        "people": [
            "Odile Marchetti-Baines, a city councillor in Port Abrell,",
            "Jonah Fairweather, who runs a bakery near the central bus station,",
            "Amara Quist, a transport planner,",
            "Felix Dunmore-Okeke, an architect who specialises in conversions,",
        ],
        "paragraphs": [
            [
                (
                    "Cities are arguments made of concrete.",
                    "Every city is a record of old decisions, most of them made by people who "
                    "never imagined us.",
                ),
                "The width of a street, the height of a building and the distance to the "
                "nearest school were all chosen by someone.",
                (
                    "In {place}, many of those choices were made for a population that no "
                    "longer exists.",
                    "In {place}, the street plan still reflects a port economy that has largely "
                    "moved elsewhere.",
                ),
            ],
            [
                "Transport is where policy meets daily life most directly.",
                (
                    "A bus that comes every eight minutes is a different service from one that "
                    "comes every twenty, even if the route map looks the same.",
                    "Frequency, not coverage, is what persuades people to leave the car at home.",
                ),
                "The regional transit authority found that ridership rose by {pct} percent on "
                "routes where waiting times were halved, with no new stops at all.",
            ],
            [
                (
                    "Housing is the issue that swallows all others.",
                    "Sooner or later every urban debate becomes a housing debate.",
                ),
                "When rents rise faster than wages, teachers, nurses and bus drivers move "
                "further out, and the city slowly loses the people who make it work.",
                (
                    "{Person} described the change in the neighbourhood as a kind of quiet "
                    "evaporation.",
                    "{Person} put it memorably: the city is still full, but it is full of "
                    "commuters.",
                ),
            ],
            [
                "Zoning codes look technical, but they encode values.",
                (
                    "A rule that requires two parking spaces per flat is a decision that cars "
                    "deserve more room than people.",
                    "Minimum plot sizes and height limits decide, in effect, who is allowed to "
                    "live where.",
                ),
                "Reformers in {place} have begun to ask a simple question of every rule: whom "
                "does this serve?",
                (
                    "The answers are often uncomfortable.",
                    "Few of the answers flatter the original drafters.",
                ),
            ],
            [
                (
                    "Public space is the city's living room.",
                    "The best measure of a city may be how long you can stay somewhere "
                    "without buying anything.",
                ),
                "Benches, fountains, libraries and well-lit squares give residents a reason to "
                "linger and a way to meet people unlike themselves.",
                (
                    "When they disappear, the city becomes a series of private rooms connected "
                    "by roads.",
                    "Take them away and a city becomes merely a place to sleep between shifts.",
                ),
            ],
            [
                "Change is possible, and it is often faster than people expect.",
                (
                    "Within {count} months of reopening the riverside path in {place}, nearby "
                    "cafes reported busier weekends and the council reported fewer complaints "
                    "about traffic.",
                    "When {place} turned a single car lane into a protected cycle route, the "
                    "predicted chaos never came.",
                ),
                (
                    "The lesson is that cities reward experiments that can be reversed.",
                    "Temporary trials, cheaply done, often win over sceptics better than glossy "
                    "plans.",
                ),
            ],
            [
                (
                    "The night economy deserves more attention from planners.",
                    "Cities are usually designed for the daytime.",
                ),
                "Yet shift workers, market traders and students keep much of {place} running "
                "after dark.",
                (
                    "Lighting, late buses and safe walking routes are not frills for them; they "
                    "decide whether a job is viable at all.",
                    "For them, a late bus is not a convenience but a condition of employment.",
                ),
            ],
        ],
        "closings": [
            "Good cities are not designed once; they are edited continually. The task in "
            "{place} is to show that the editing can be done in public.",
            "None of this requires a grand plan, only a willingness to notice how people "
            "actually use the streets, and to change the rules when they do not fit.",
            "The city of the next twenty years is already being decided in committee rooms "
            "that few residents ever enter. It is worth walking in.",
        ],
    },
    "tech": {
        "places": ["Tarvossa", "Essory", "the Sundral Federation", "Kelmouth"],
        "actors": [
            "the Essory data commission",
            "the parliamentary committee on digital affairs",
            "a coalition of civil liberties groups",
            "the national standards institute",
        ],
        "people": [
            "Ragna Solvik, a former data-protection commissioner,",
            "Idris Penhallow, a software engineer who testified before the committee,",
            "Leonie Achterberg, a lawyer who specialises in public records,",
            "Caspar Wendt-Obi, who leads a small open-source foundation,",
        ],
        "paragraphs": [
            [
                (
                    "Technology policy suffers from a vocabulary problem.",
                    "Much of the debate about technology regulation is conducted in a language "
                    "most voters do not speak.",
                ),
                "Terms such as interoperability, data minimisation and algorithmic "
                "accountability sound abstract until you are the person whose claim was "
                "rejected by a system nobody can explain.",
                (
                    "{Person} argues that every automated decision should come with an "
                    "explanation a teenager could follow.",
                    "A good rule of thumb, which {person} suggested to me, is that if an "
                    "official cannot explain a system's decision, the state should not rely on "
                    "it.",
                ),
            ],
            [
                "At bottom, the argument over {subject} is about who holds the keys.",
                (
                    "Whoever controls the standards, the servers and the update schedule "
                    "controls much of what a system can and cannot do.",
                    "Ownership of the infrastructure quietly decides the rules long before any "
                    "law is passed.",
                ),
                (
                    "{Actor} has been slow to grasp this, treating technical choices as matters "
                    "for engineers rather than citizens.",
                    "Legislators in {place} have too often left these choices to procurement "
                    "officers.",
                ),
            ],
            [
                (
                    "Data retention is the issue that keeps coming back.",
                    "Every few years a new proposal arrives to keep more data for longer.",
                ),
                "The justification is always the same: we might need it later.",
                (
                    "But data that is kept is data that can leak, be misused or be repurposed "
                    "by a future government with different priorities.",
                    "Stored data is a liability waiting for a breach or a change of government.",
                ),
                "The safest record is often the one that was never created.",
            ],
            [
                "Undersea cables carry nearly all the traffic between continents, and most "
                "people have no idea where they run.",
                (
                    "The landing station near Kelmouth handles a remarkable share of regional "
                    "traffic from a building that looks like a municipal warehouse.",
                    "A single cable fault off Kelmouth last year slowed card payments across "
                    "three countries for most of a morning.",
                ),
                "Protecting these lines is now as much a matter of foreign policy as of "
                "engineering, and it calls for diplomacy between rivals who depend on the same "
                "seabed.",
            ],
            [
                (
                    "Open standards are often described as a technical preference.",
                    "Engineers tend to talk about open standards in terms of efficiency.",
                ),
                "They are also a political choice.",
                (
                    "A standard that anyone can implement spreads power; a proprietary one "
                    "concentrates it.",
                    "When a public service depends on a format only one vendor can read, the "
                    "state has quietly outsourced part of its sovereignty.",
                ),
                "Roughly {pct} percent of public software contracts in {place} still contain "
                "no requirement to export data in an open format.",
            ],
            [
                "The industry's objection is predictable: regulation stifles innovation.",
                (
                    "There is some truth in it, since poorly drafted rules can entrench "
                    "incumbents who can afford the lawyers.",
                    "Sometimes that is right, because clumsy rules do favour large firms with "
                    "big compliance teams.",
                ),
                (
                    "But the absence of rules also entrenches incumbents, only less visibly.",
                    "Yet the alternative, no rules at all, tends to favour those same firms "
                    "even more.",
                ),
                "The real choice is not between regulation and freedom but between rules "
                "written in public and rules written in terms of service.",
            ],
            [
                (
                    "Public bodies should lead by example.",
                    "Governments that ask companies to be transparent should begin with their "
                    "own systems.",
                ),
                "Publishing the source code of public algorithms, logging every automated "
                "decision and offering a human appeal within {count} days would cost little "
                "and build a great deal of trust.",
                (
                    "Nothing stops ministers introducing all three by regulation tomorrow.",
                    "None of it requires new technology, only political will.",
                ),
            ],
        ],
        "closings": [
            "Technology will keep changing faster than legislation. The answer is not to "
            "legislate faster but to legislate for principles that outlast any particular "
            "gadget.",
            "The systems being built today will shape public life for decades. It is worth "
            "insisting, now, that they answer to the public rather than the other way round.",
            "There is nothing inevitable about the way our digital infrastructure works. Every "
            "part of it was chosen, and what was chosen can be chosen differently.",
        ],
    },
    "health": {
        "places": [
            "the hill district of Taverny",
            "the outer islands of the Cassory Archipelago",
            "the eastern wards of Sael",
            "the river towns of the Lumen Delta",
        ],
        "actors": [
            "the Taverny water board",
            "the national health inspectorate",
            "a network of community nurses",
            "the regional vaccination office",
        ],
        "people": [
            "Dr Anselm Greaves, who runs a rural clinic,",
            "Fatima Oyelaran-Voss, a community nurse with thirty years' experience,",
            "Dr Corinne Halvard, an epidemiologist,",
            "Teodora Mendel, a pharmacist in a small market town,",
        ],
        "paragraphs": [
            [
                (
                    "Public health is the art of preventing stories.",
                    "The great triumphs of public health are, by their nature, invisible.",
                ),
                "Clean water, safe food and vaccinated children do not make headlines; their "
                "absence does.",
                (
                    "In {place}, the quiet work of {actor} has kept cholera out of the news for "
                    "a generation.",
                    "That is why the achievements of {actor} in {place} are so rarely noticed.",
                ),
            ],
            [
                "Trust is the scarcest resource in any health campaign.",
                (
                    "A vaccine is only as effective as the number of people willing to take "
                    "it, and willingness depends on who is asking.",
                    "Logistics can deliver a vaccine to every village; only trust can deliver "
                    "it into an arm.",
                ),
                "{Person} told me that the most effective tool is not a leaflet but a cup of "
                "tea in someone's kitchen.",
                (
                    "Campaigns that recruit local nurses and teachers as messengers "
                    "consistently outperform those that rely on national advertising.",
                    "Messages from familiar faces travel further than any national slogan.",
                ),
            ],
            [
                (
                    "Waiting times tell you more about a health system than its budget does.",
                    "Measure the waiting room, and you learn how a health system really works.",
                ),
                "In {place}, the average wait for a first appointment has grown by {pct} "
                "percent in five years, while the number of doctors has barely changed.",
                (
                    "Behind that number are people who give up, treat themselves or arrive at "
                    "the emergency ward far sicker than they needed to be.",
                    "Every extra week of waiting turns some treatable problems into emergencies.",
                ),
            ],
            [
                "Geography is destiny in health care more often than we admit.",
                (
                    "A patient who lives an hour's ferry ride from the nearest clinic faces a "
                    "different health system from one who lives across the road.",
                    "For islanders, a missed ferry can mean a missed diagnosis.",
                ),
                (
                    "Mobile clinics, telephone consultations and travelling pharmacists are "
                    "not second-best solutions; in places like {place}, they are the system.",
                    "Services designed around the capital simply do not reach places like {place}.",
                ),
            ],
            [
                (
                    "Heat, damp and crowded housing are health issues before they are anything "
                    "else.",
                    "Doctors increasingly find themselves treating the consequences of housing "
                    "policy.",
                ),
                "Asthma rates in the poorest streets of {place} are roughly {pct} percent "
                "higher than in the rest of the region.",
                (
                    "A prescription cannot fix a mouldy bedroom.",
                    "No inhaler can make up for a flat that never dries out.",
                ),
                "Health budgets that stop at the clinic door miss the causes of much of what "
                "they treat.",
            ],
            [
                "Data can help, but only if it is collected with care.",
                (
                    "Disease surveillance depends on clinics reporting cases quickly and "
                    "honestly, which means staff must not fear being blamed for an outbreak.",
                    "A reporting system that punishes bad news will soon stop receiving it.",
                ),
                "{Actor} learned this the hard way during the last outbreak, when early "
                "warnings sat unread for {count} days.",
            ],
            [
                (
                    "Prevention is also cheaper, though it rarely feels that way at budget time.",
                    "Every finance ministry knows that prevention is cheaper, and almost every "
                    "one cuts it first.",
                ),
                "Screening programmes, school nurses and clean-water inspections produce "
                "savings years later, long after the minister who funded them has moved on.",
                (
                    "That mismatch between political and medical time is the central problem "
                    "of public health.",
                    "The incentives of electoral politics and the timescales of medicine "
                    "rarely align.",
                ),
            ],
        ],
        "closings": [
            "The best health policy is often the least dramatic: a nurse who stays, a clinic "
            "that opens on time, a pipe that does not leak. We should fund it as though we "
            "believed that.",
            "Nobody will thank the officials who get this right, because nothing will happen. "
            "That is exactly the outcome we should be paying for.",
            "If {place} can hold on to the modest gains of recent years, it will have done "
            "something that many richer regions have not.",
        ],
    },
    "history": {
        "places": [
            "the old treaty port of Kelmouth",
            "the state archive at Oberwaith",
            "the lighthouse at Cape Morrow",
            "the grain markets of the Sael valley",
        ],
        "actors": [
            "the Oberwaith state archive",
            "the Hydrographic Society of Tarvossa",
            "a local history society",
            "the university's department of diplomatic history",
        ],
        "people": [
            "Professor Edwin Starke-Moyo, a historian of nineteenth-century treaties,",
            "Annika Ferrante, an archivist at Oberwaith,",
            "Lucas Brightwater, an amateur historian of lighthouses,",
            "Dr Helene Varga-Tate, who has written on famine relief,",
        ],
        "paragraphs": [
            [
                (
                    "History rarely repeats itself, but it does leave instructions.",
                    "The past offers no blueprints, but it does offer warnings.",
                ),
                "The officials of {year} faced many of the dilemmas that trouble us now: how "
                "to save face, how to verify promises and how to sell a compromise at home.",
                (
                    "Reading their correspondence is a humbling experience.",
                    "Their letters read, at times, like a modern briefing paper.",
                ),
            ],
            [
                "Archives are not neutral.",
                (
                    "What survives in {place} is what someone decided was worth keeping, and "
                    "that decision was shaped by the interests of the day.",
                    "The documents that survive tell us as much about the people who filed them "
                    "as about the events they describe.",
                ),
                "{Person} likes to point out that the most revealing papers are often the ones "
                "marked for destruction that nobody got round to destroying.",
            ],
            [
                (
                    "The great settlements of the period are usually remembered as triumphs.",
                    "Textbooks present the treaties of that era as masterpieces of statecraft.",
                ),
                "They ended ruinous quarrels and fixed borders that held, with minor "
                "adjustments, for generations.",
                (
                    "But their most important clauses were often the vague ones, which allowed "
                    "each side to tell its own story about what had been agreed.",
                    "Their real genius often lay in their ambiguities, which let both sides "
                    "claim to have won.",
                ),
            ],
            [
                "Ordinary people appear in these records mostly as numbers.",
                (
                    "Sailors lost, harvests failed, debts owed: the archive counts them but "
                    "rarely names them.",
                    "The ledgers record tonnage, prices and casualties, but seldom the names of "
                    "the people behind them.",
                ),
                (
                    "Recovering their voices means reading against the grain, through letters, "
                    "court records and parish registers.",
                    "Historians working on {place} have begun to piece together individual "
                    "lives from scraps of testimony.",
                ),
            ],
            [
                (
                    "Commemoration is a political act.",
                    "Anniversaries are never only about the past.",
                ),
                "Which events get a statue, a public holiday or a chapter in the school "
                "curriculum is decided by the living, for their own purposes.",
                (
                    "The recent argument over the memorial near {place} is a reminder that "
                    "history is still being negotiated.",
                    "The dispute over how to mark the anniversary at {place} showed that the "
                    "past remains contested ground.",
                ),
            ],
            [
                "Technology has always reshaped diplomacy.",
                (
                    "The telegraph shortened the distance between capitals and their envoys, "
                    "stripping ambassadors of the discretion they once enjoyed.",
                    "When the telegraph arrived, ambassadors lost the freedom that slow "
                    "communication had given them.",
                ),
                (
                    "Some historians argue that this made crises more dangerous, since leaders "
                    "could react before they had time to think.",
                    "Faster messages did not always mean wiser ones.",
                ),
            ],
            [
                (
                    "We should be wary of tidy lessons.",
                    "It is tempting to draw neat morals from the past.",
                ),
                "The people of {year} did not know how their story would end, and neither do we.",
                (
                    "What history offers is not prediction but perspective: a sense of the "
                    "range of things that are possible.",
                    "Its value lies less in answers than in better questions.",
                ),
            ],
        ],
        "closings": [
            "The past does not tell us what to do. It does remind us that others faced similar "
            "choices with less information, and that some of them chose well.",
            "Archives reward patience. So, it turns out, does diplomacy, which may be why the "
            "two have always been close companions.",
            "History is not a verdict handed down once and for all. It is a conversation, and "
            "every generation is entitled to join it.",
        ],
    },
    "education": {
        "places": [
            "the mountain schools above Taverny",
            "the suburbs of Port Abrell",
            "the Mirelle Academy",
            "rural Marandi Province",
        ],
        "actors": [
            "the education ministry",
            "the teachers' union",
            "the Threshold Examination board",
            "a network of parents' councils",
        ],
        "people": [
            "Greta Holm-Adeyemi, who has taught mathematics for twenty-two years,",
            "Samuel Okri-Vance, head teacher of a village school,",
            "Dr Julia Westerman, who studies how children learn to read,",
            "Nikolai Brandt, a former inspector of schools,",
        ],
        "paragraphs": [
            [
                (
                    "Schools are asked to solve every problem a society has.",
                    "Every social problem eventually arrives at the school gate.",
                ),
                "Schools are expected to prevent obesity, teach financial literacy, build civic "
                "identity and prepare children for jobs that do not yet exist.",
                (
                    "It is no wonder that teachers feel stretched.",
                    "Small surprise, then, that teachers are exhausted.",
                ),
                "{Person} says the most useful thing a minister could do is take something off "
                "the list.",
            ],
            [
                "High-stakes examinations shape everything that happens before them.",
                (
                    "When a single test decides a child's future, teachers teach to it and "
                    "families pay for cramming.",
                    "A single exam that decides university places will always become the real "
                    "curriculum.",
                ),
                "In {place}, the share of students attending private evening tuition has "
                "risen to about {pct} percent.",
                (
                    "The exam measures preparation as much as ability, and preparation can be "
                    "bought.",
                    "What the results reward is access to coaching as much as talent.",
                ),
            ],
            [
                (
                    "Teachers stay where they are supported.",
                    "Retention, not recruitment, is the real staffing crisis.",
                ),
                "Rural schools lose young teachers within a few years, not because the work is "
                "unrewarding but because housing is scarce, promotion is slow and colleagues "
                "are few.",
                (
                    "Pilot programmes come and go; what those schools need is permanence.",
                    "Those schools need stable staff far more than another pilot scheme.",
                ),
            ],
            [
                "Geography deserves a better place in the curriculum.",
                (
                    "It is the subject that connects climate, trade, migration and politics, "
                    "and it gives students a way to read the world they are inheriting.",
                    "No other subject explains so directly why the monsoon matters to a grain "
                    "price or why an archipelago can become a diplomatic flashpoint.",
                ),
                (
                    "Yet in many schools it has been squeezed into a single lesson a week.",
                    "In many timetables, however, it survives only as an option.",
                ),
            ],
            [
                (
                    "Language learning is foreign policy by other means.",
                    "A country that learns its neighbours' languages is better placed to "
                    "understand them.",
                ),
                "Students who spend a term abroad or host an exchange partner come home with a "
                "sense of the other side that no briefing can provide.",
                (
                    "Ministries should treat exchange programmes as an investment in diplomacy, "
                    "not a line to be trimmed.",
                    "Cutting exchange funding saves little and costs a great deal in "
                    "understanding.",
                ),
            ],
            [
                "Homework is a proxy battle.",
                (
                    "Arguments about how much children should do at home are really arguments "
                    "about time, family resources and what we expect of childhood.",
                    "The quarrel over homework is really a quarrel about time and who controls it.",
                ),
                (
                    "Studies in {place} suggest that beyond about an hour a night, "
                    "the benefits for younger children fall away sharply.",
                    "Children with quiet rooms and time-rich parents gain far more from "
                    "homework than those without, which widens the very gaps schools are meant "
                    "to close.",
                ),
            ],
            [
                (
                    "Technology in the classroom promised much and delivered unevenly.",
                    "Screens were supposed to transform the classroom.",
                ),
                "Tablets arrived faster than the training to use them, and many now sit in "
                "cupboards.",
                (
                    "The best uses are modest: a reading programme that adapts to a child's "
                    "pace, a way for parents to see homework, a searchable library catalogue.",
                    "The gains, where they exist, come from teachers who choose the tool, not "
                    "from tools that choose the teacher.",
                ),
            ],
        ],
        "closings": [
            "Education reform is slow by nature, because its results appear a generation "
            "later. That is a reason for patience, not for inaction.",
            "The children in today's classrooms will inherit whatever we decide now. They "
            "deserve decisions made with more care than haste.",
            "Ask any good teacher what would help, and the answer is rarely a new initiative. "
            "It is usually time, trust and a little more room in the week.",
        ],
    },
}

GENERIC_PARAGRAPHS = [
    [
        (
            "It is worth pausing on the assumptions behind the current consensus.",
            "The conventional wisdom deserves closer scrutiny.",
        ),
        "Most commentary on {subject} starts from the premise that the status quo is stable "
        "and that any change carries risk.",
        (
            "But the status quo is itself a choice, and it carries risks of its own.",
            "Standing still is not the same as being safe.",
        ),
    ],
    [
        (
            "Institutions matter more than personalities.",
            "We spend too much time on the personalities involved.",
        ),
        "Ministers and mayors come and go; rules, budgets and habits persist.",
        (
            "If we want lasting change in {place}, we should pay less attention to who is in "
            "charge and more to how decisions are made.",
            "Lasting improvement depends on dull things: clear mandates, honest data and "
            "officials who are allowed to say no.",
        ),
    ],
    [
        "There is also a question of fairness.",
        (
            "The costs of the current approach fall most heavily on those with the least say "
            "in designing it.",
            "Those who bear the costs are rarely those who wrote the rules.",
        ),
        (
            "Any reform worth the name should begin by asking who pays, and whether they "
            "agreed to.",
            "A useful discipline is to imagine explaining each decision to the person most "
            "affected by it.",
        ),
    ],
    [
        (
            "Numbers help, up to a point.",
            "The statistics are suggestive rather than conclusive.",
        ),
        "Figures from {actor} suggest that the main indicators have improved by about {pct} "
        "percent over {count} years, which is encouraging if not decisive.",
        (
            "Data can tell us what is happening; it cannot tell us what we ought to want.",
            "But averages conceal a great deal, and the experience of the worst served tells a "
            "different story.",
        ),
    ],
    [
        "I should declare an interest.",
        (
            "I have spent much of my working life close to these questions, and I have changed "
            "my mind about them more than once.",
            "Years ago I argued the opposite position in print, and I have had time to regret "
            "parts of that argument.",
        ),
        "What changed my view was not a statistic but a long conversation with {person} about "
        "what the policy had meant in practice.",
    ],
    [
        (
            "Nothing here is especially new.",
            "None of these proposals is original.",
        ),
        "Versions of these ideas have been proposed, and shelved, several times over the past two "
        "decades.",
        (
            "What has changed is the cost of continuing to ignore them.",
            "The difference now is that the cost of delay is visible to everyone.",
        ),
    ],
    [
        "It would be easy to be cynical.",
        (
            "Announcements are cheap, and {actor} has made many that came to little.",
            "We have heard fine promises before, and many of them quietly expired.",
        ),
        (
            "But cynicism is a luxury for those who are not directly affected.",
            "Yet dismissing every effort in advance is its own kind of complacency.",
        ),
        "The sensible response is to set clear tests and hold officials to them.",
    ],
    [
        (
            "Compromise has a bad reputation.",
            "In the current climate, compromise is treated almost as betrayal.",
        ),
        "Yet most of the arrangements that work well, in {place} and elsewhere, began as "
        "awkward compromises that nobody much liked.",
        (
            "Their durability came from the fact that no side felt entirely defeated.",
            "They lasted precisely because everyone had something to lose by abandoning them.",
        ),
    ],
    [
        "Consider the view from {place}.",
        (
            "From there, the national debate looks both distant and oddly abstract.",
            "Seen from there, the arguments in the capital seem to be about something else "
            "entirely.",
        ),
        (
            "What matters locally is whether things work on a Monday morning: whether the "
            "service runs, the office answers, the form makes sense.",
            "Residents care less about the grand principle than about whether the system "
            "answers when they call.",
        ),
    ],
]

GENERIC_CLOSINGS = [
    "None of this is beyond us. It requires only that we treat these questions as matters "
    "of practice rather than of slogans, and that we keep asking whether the answers work.",
    "We will know soon enough whether the lesson has been learned. The signs so far are "
    "mixed, which is, perhaps, the most honest thing one can say.",
    "The argument will go on, as it should. But it would be a better argument if it began "
    "with the people who live with the consequences.",
    "Perhaps the most useful thing any of us can do is to keep paying attention after the "
    "headlines move on. That is when the real decisions are made.",
]

NUMBER_WORDS = {
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
}

# --------------------------------------------------------------------------
# The articles. Each has a hand-written title, standfirst and opening paragraph;
# the rest of the body comes from the banks above.
# --------------------------------------------------------------------------


@dataclass
class ArticleSpec:
    title: str
    standfirst: str
    lede: str
    topics: list[str]
    authors: list[str]
    publication: str
    subject: str
    place: str | None = None
    year: int | None = None
    extras: list[str] = field(default_factory=list)  # Markdown blocks after the lede
    draft: bool = False
    scheduled: bool = False
    comments_open: bool = True


ARTICLE_SPECS = [
    ArticleSpec(
        title="The Quiet Arithmetic of the Amberline Talks",
        standfirst=(
            "Tarvossa and the Sundral Federation are negotiating again. The progress that "
            "matters is hidden in the annexes, not the communiqués."
        ),
        lede=(
            "The fourth round of talks between Tarvossa and the Sundral Federation ended last "
            "week with the customary photograph: two foreign ministers, a polished table, a vase "
            "of flowers chosen by a protocol officer who will never be thanked. The communiqué "
            "ran to four paragraphs and said almost nothing. Anyone who stopped reading there "
            "missed the story, which was buried in a thirty-one-page technical annex on shipping "
            "notifications."
        ),
        topics=["diplomacy"],
        authors=["ilse"],
        publication="meridian",
        subject="the Amberline talks",
        place="the Amberline Strait",
    ),
    ArticleSpec(
        title="Why Summits Fail When Everyone Wants a Photograph",
        standfirst=(
            "Leaders love summits because they produce pictures. Agreements are usually made "
            "elsewhere, by people who are not in the frame."
        ),
        lede=(
            "A particular kind of silence falls over a summit venue about an hour before the "
            "leaders arrive. The advisers have finished arguing, the interpreters are "
            "rehearsing, and everyone already knows whether the text is done. If it is not, the "
            "next twelve hours will be spent manufacturing the appearance of success, and the "
            "appearance will be mistaken for the thing itself."
        ),
        topics=["diplomacy"],
        authors=["ilse"],
        publication="meridian",
        subject="summit diplomacy",
        place="the neutral city of Oberwaith",
    ),
    ArticleSpec(
        title="An Archipelago Is Not a Bargaining Chip",
        standfirst=(
            "The islands between two rival powers are usually discussed as strategic assets. "
            "The people who live on them would like a word."
        ),
        lede=(
            "On the largest island of the Cassory Archipelago there is a harbour café where the "
            "fishermen chalk fuel prices on one side of the door and ferry cancellations on the "
            'other. Nobody there uses the phrase "strategic significance". Yet that is how '
            "their home is described in both capitals, in speeches that rarely mention that "
            "some eleven thousand people live on the islands."
        ),
        topics=["diplomacy", "history"],
        authors=["ilse"],
        publication="meridian",
        subject="the Cassory question",
        place="the Cassory Archipelago",
    ),
    ArticleSpec(
        title="The Case for Boring Embassies",
        standfirst=(
            "Cutting diplomatic staff looks like an easy saving. It is one of the most "
            "expensive economies a government can make."
        ),
        lede=(
            "Every few years a finance ministry discovers that embassies are expensive and "
            "proposes to close a few. The arithmetic is seductive: a building, a handful of "
            "diplomats, some local staff and not much that can be measured in return. What the "
            "spreadsheet cannot show is the value of having someone in the room who has known "
            "the other side's officials for a decade."
        ),
        topics=["diplomacy"],
        authors=["ilse"],
        publication="meridian",
        subject="the embassy cuts",
        place="the neutral city of Oberwaith",
    ),
    ArticleSpec(
        title="Back Channels Are Not a Betrayal",
        standfirst=(
            "The revelation that officials from rival capitals have been meeting quietly has "
            "caused outrage. It should cause relief."
        ),
        lede=(
            "When a newspaper in Tarvossa reported that trade officials had been meeting their "
            "Sundral counterparts in a hotel in Oberwaith, the reaction was swift and furious. "
            "Opposition politicians demanded resignations; columnists spoke darkly of secret "
            "deals. Nobody asked the obvious question, which is what would have happened if "
            "those meetings had not taken place."
        ),
        topics=["diplomacy", "trade"],
        authors=["ilse", "teodor"],
        publication="meridian",
        subject="the back-channel contacts",
        place="the neutral city of Oberwaith",
    ),
    ArticleSpec(
        title="The Tariff That Nobody Wants to Defend",
        standfirst=(
            "Three years after it was introduced as a temporary measure, the duty on imported "
            "steel has no champions left. It also has no exit."
        ),
        lede=(
            "The steel tariff was introduced on a Friday afternoon, described as temporary and "
            "justified as a response to an emergency. Three years later the emergency has "
            "passed, the temporary measure remains, and it is hard to find anyone in government "
            "who will admit to liking it. Tariffs are easy to impose and hard to remove, because "
            "removing them creates visible losers while their costs stay diffuse."
        ),
        topics=["trade"],
        authors=["teodor"],
        publication="meridian",
        subject="the steel tariff",
        place="the port of Kelmouth",
    ),
    ArticleSpec(
        title="Kelmouth's Cranes Are Telling Us Something",
        standfirst=(
            "The region's busiest port has become a leading indicator that economists ignore. "
            "Its container yards suggest trouble ahead."
        ),
        lede=(
            "From the ridge above the harbour you can count the cranes at Kelmouth, and on most "
            "mornings this spring half of them have stood still. The official statistics will "
            "not register what that means for another quarter. The dockworkers, the lorry "
            "drivers and the owners of the cafés along the quay already know."
        ),
        topics=["trade", "cities"],
        authors=["teodor"],
        publication="harbour",
        subject="the slowdown at Kelmouth",
        place="the port of Kelmouth",
    ),
    ArticleSpec(
        title="Customs Unions Are Built on Paperwork, Not Speeches",
        standfirst=(
            "The plan to widen the Orrin Customs Union will be judged on its grand ambitions. "
            "It should be judged on its forms."
        ),
        lede=(
            "I once spent a week at a border crossing watching a lorry of refrigerated fish wait "
            "for a stamp. The driver, a patient man with a flask of coffee, explained that the "
            "form he needed existed in two versions, one for each side of the barrier, and that "
            "the two did not quite agree on what counted as fresh. That week taught me more "
            "about trade policy than any summit I have covered."
        ),
        topics=["trade"],
        authors=["teodor"],
        publication="meridian",
        subject="the Orrin Customs Union",
        place="the port of Kelmouth",
    ),
    ArticleSpec(
        title="Pepper, Sanctions and the Limits of Leverage",
        standfirst=(
            "Sanctions on the Sundral spice trade were meant to send a message. The message "
            "received was rather different."
        ),
        lede=(
            "The embargo on Sundral pepper and cardamom was announced with great confidence. It "
            "would, ministers said, impose a cost on the Federation's coastal elites without "
            "harming ordinary consumers. Eighteen months later the price of pepper in Tarvossan "
            "markets has doubled, the spices arrive by a longer route through third countries, "
            "and the coastal elites appear to be doing well."
        ),
        topics=["trade", "diplomacy"],
        authors=["teodor"],
        publication="meridian",
        subject="the spice embargo",
        place="the free port of Ambrel",
    ),
    ArticleSpec(
        title="Small Exporters Cannot Wait for the Next Trade Deal",
        standfirst=(
            "Negotiators measure progress in rounds and years. The firms that depend on the "
            "outcome measure it in weeks of cash flow."
        ),
        lede=(
            "A furniture maker I know in the hills above Varsk keeps a folder labelled "
            '"maybe". In it are orders from foreign customers that she has not dared to '
            "confirm, because she cannot be sure what duty will apply when the goods arrive. "
            "The folder has grown thicker with every month the trade negotiations have dragged "
            "on."
        ),
        topics=["trade"],
        authors=["teodor"],
        publication="harbour",
        subject="the trade negotiations",
        place="the inland depot at Varsk",
    ),
    ArticleSpec(
        title="Vessanto Learned to Live With Water. Others Can Too.",
        standfirst=(
            "A delta city once known for its floods has become a case study in adaptation. "
            "Its secret is less engineering than humility."
        ),
        lede=(
            "Twenty years ago the word most often attached to Vessanto in newspapers was "
            '"inundated". The city sits on a delta, half of it below the high-tide line, and '
            "for generations it fought the water with walls that were raised after every "
            "disaster. Then, after a particularly bad year, the city changed its mind about what "
            "it was trying to do."
        ),
        topics=["climate", "cities"],
        authors=["mireille"],
        publication="harbour",
        subject="Vessanto's flood strategy",
        place="the low-lying city of Vessanto",
    ),
    ArticleSpec(
        title="The Monsoon Calendar Is Being Rewritten",
        standfirst=(
            "For farmers on the Marandi coast, the rains were once a reliable clock. That clock "
            "now runs erratically, and policy has not caught up."
        ),
        lede=(
            "In the villages of the Marandi coast, people used to say that the monsoon arrived "
            "with the school holidays and left with the harvest festival. It was a joke, but it "
            "was also a plan: seeds were bought, loans taken and labour hired according to a "
            "calendar that had held for as long as anyone could remember."
        ),
        topics=["climate"],
        authors=["mireille"],
        publication="harbour",
        subject="the changing monsoon",
        place="coastal Marandi Province",
    ),
    ArticleSpec(
        title="Sea Walls Buy Time. What Are We Buying It For?",
        standfirst=(
            "Hard defences are necessary but not sufficient. The years they buy are wasted "
            "unless we use them to plan what comes next."
        ),
        lede=(
            "The new sea wall along the southern edge of the Lumen Delta is an impressive "
            "object. It is nine kilometres long, faced with granite and topped by a promenade "
            "where families walk in the evening. It will protect several thousand homes for "
            "perhaps forty years. The question nobody in the planning documents quite answers "
            "is what happens in year forty-one."
        ),
        topics=["climate"],
        authors=["mireille"],
        publication="harbour",
        subject="the sea wall programme",
        place="the Lumen Delta",
    ),
    ArticleSpec(
        title="Insurance Is the New Frontline of Climate Adaptation",
        standfirst=(
            "When insurers withdraw from a district, they are delivering a verdict on its "
            "future. Governments should listen before they overrule it."
        ),
        lede=(
            "The letter arrived in early spring, addressed to every household on the lower "
            "streets of a small river town: the company would not be renewing flood cover. "
            "There was no drama in it, only a table of figures and a polite suggestion to seek "
            "alternatives. For the residents it was the first official admission that their "
            "homes might not have a long future."
        ),
        topics=["climate", "cities"],
        authors=["mireille", "teodor"],
        publication="harbour",
        subject="flood insurance",
        place="the river towns of the Lumen Delta",
        extras=[
            "## What a fair scheme would need",
            "Public backstops for flood cover are coming, one way or another. If they are to "
            "help rather than simply postpone the reckoning, they should start with three "
            "commitments:",
            "- Premiums that reflect real risk, with public support tied to household income "
            "rather than to property value.\n"
            "- A published map of which districts will be defended, and for how long.\n"
            "- Money for households that choose to move, offered before the next flood rather "
            "than after it.",
        ],
    ),
    ArticleSpec(
        title="What Farmers in Marandi Province Already Know",
        standfirst=(
            "Climate policy is often designed in capitals and explained to farmers. It might "
            "work better the other way round."
        ),
        lede=(
            "A rice farmer on the Marandi coast keeps a notebook in which her grandfather "
            "recorded the rainfall every day for forty years, and she has kept it up for another "
            "twenty. Put the pages side by side and the change is plain: fewer rainy days, "
            "heavier downpours, longer gaps. No ministry has asked to see the notebook. It is, "
            "as far as I can tell, one of the best climate records in the province."
        ),
        topics=["climate"],
        authors=["mireille"],
        publication="harbour",
        subject="drought planning",
        place="rural Marandi Province",
    ),
    ArticleSpec(
        title="The Bus Stop Is the Most Underrated Public Building",
        standfirst=(
            "We lavish attention on stations and stadiums. The humble bus stop does more for "
            "more people, and it is usually a pole in the rain."
        ),
        lede=(
            "Stand at the stop outside the central market in Port Abrell at seven in the "
            "morning and you will see the city's working life in miniature: cleaners heading "
            "home from night shifts, schoolchildren in uniform, a man with a crate of lemons. "
            "There is no shelter, one broken bench and a timetable that has been unreadable "
            "since last winter. By passenger numbers, it is one of the busiest public places in "
            "the city."
        ),
        topics=["cities"],
        authors=["mireille"],
        publication="harbour",
        subject="the bus network",
        place="Port Abrell",
    ),
    ArticleSpec(
        title="Port Abrell's Empty Offices Could Become Homes",
        standfirst=(
            "The city has a housing shortage and a glut of vacant office space. The rules that "
            "keep the two apart are worth revisiting."
        ),
        lede=(
            "Walk down Harbour Street in Port Abrell after six in the evening and the office "
            "towers are dark, floor after floor of them. A few streets away, the waiting list "
            "for social housing runs to several thousand names. The mismatch is so obvious that "
            "it has become a local joke, which is usually a sign that the problem is structural "
            "rather than accidental."
        ),
        topics=["cities"],
        authors=["mireille"],
        publication="harbour",
        subject="office conversions",
        place="Port Abrell",
    ),
    ArticleSpec(
        title="A City That Forgets Its River Will Be Reminded",
        standfirst=(
            "Sael buried its river in a culvert a century ago. Bringing it back to the surface "
            "would do more than prevent floods."
        ),
        lede=(
            "The river Sael still runs through the middle of the city that bears its name, but "
            "you would not know it. For most of its length it flows through a concrete culvert "
            "beneath a four-lane road, built in an era that regarded rivers as drains. Every few "
            "years, after heavy rain, the river reminds residents that it is still there by "
            "lifting the manhole covers along the avenue."
        ),
        topics=["cities", "climate"],
        authors=["mireille"],
        publication="harbour",
        subject="the buried river",
        place="the river city of Sael",
    ),
    ArticleSpec(
        title="Zoning Codes Are Moral Documents",
        standfirst=(
            "Rules about plot sizes and parking spaces look dry. They decide who gets to live "
            "where, and they deserve a public argument."
        ),
        lede=(
            "Nobody goes into politics to rewrite a zoning code. The documents are long, "
            'technical and full of terms such as "floor area ratio" that make even committed '
            "campaigners glaze over. Yet the code governing the northern suburbs of Kelmouth "
            "has arguably shaped its residents' lives more than any law passed in the capital "
            "over the same period."
        ),
        topics=["cities"],
        authors=["mireille"],
        publication="harbour",
        subject="the zoning review",
        place="the northern suburbs of Kelmouth",
        comments_open=False,
    ),
    ArticleSpec(
        title="Night Markets and the Economics of Staying Up Late",
        standfirst=(
            "Vessanto's night market began as an informal gathering of food stalls. It has "
            "become one of the city's most important economic institutions."
        ),
        lede=(
            "The first stalls appear just after sunset: a woman frying dumplings, a man selling "
            "phone chargers, a family with a cart of sugar cane and a hand-cranked press. By ten "
            "o'clock the square in Vessanto's old quarter holds more than two hundred traders, "
            "and the crowd is thick enough that you move with it rather than through it. None "
            "of this appears in the city's economic plan."
        ),
        topics=["cities", "trade"],
        authors=["teodor"],
        publication="harbour",
        subject="the night market",
        place="the old quarter of Vessanto",
    ),
    ArticleSpec(
        title="The Registry Act Gets the Hard Part Wrong",
        standfirst=(
            "A new law on public databases promises transparency and efficiency. Its clauses "
            "on data retention suggest it has confused the two."
        ),
        lede=(
            "The Registry Act, which passed its second reading in the Tarvossan parliament last "
            "month, is in many ways a sensible piece of legislation. It consolidates a patchwork "
            "of old rules, requires public bodies to publish an inventory of their databases "
            "and creates a single point of contact for citizens who want to see their records. "
            "The trouble lies in a clause that few members seem to have read closely."
        ),
        topics=["tech"],
        authors=["kenji"],
        publication="ledger",
        subject="the Registry Act",
        place="Tarvossa",
    ),
    ArticleSpec(
        title="Nobody Voted for the Eligibility Algorithm",
        standfirst=(
            "Software now decides who qualifies for some public benefits. The people affected "
            "have a right to know how, and to argue with it."
        ),
        lede=(
            "Last winter a retired bus driver in Sael received a letter informing him that his "
            "housing support had been suspended. It gave no reason beyond a reference number. "
            "It took him six weeks, two visits to an office and the help of a volunteer adviser "
            "to learn that a piece of software had flagged a mismatch between two databases, "
            "one of which had misspelled the name of his street."
        ),
        topics=["tech", "health"],
        authors=["kenji", "priya"],
        publication="ledger",
        subject="automated eligibility checks",
        place="Sael",
    ),
    ArticleSpec(
        title="Undersea Cables Are the New Shipping Lanes",
        standfirst=(
            "The internet runs along the seabed in cables few people have ever seen. "
            "Protecting them demands cooperation between powers that trust each other very "
            "little."
        ),
        lede=(
            "Off the coast near Kelmouth, some forty metres below the surface, lies a cable "
            "roughly the thickness of a garden hose. It carries a large share of the data "
            "travelling between two continents. It was laid by a consortium of companies, it "
            "crosses the waters of three states, and it is protected, in practice, by a "
            "patchwork of treaties drafted before anyone imagined what it would carry."
        ),
        topics=["tech", "diplomacy"],
        authors=["kenji", "ilse"],
        publication="ledger",
        subject="the undersea cable network",
        place="Kelmouth",
        scheduled=True,
    ),
    ArticleSpec(
        title="Open Standards Are a Form of Diplomacy",
        standfirst=(
            "Technical standards decide which systems can talk to each other. Increasingly, "
            "they also decide which countries can."
        ),
        lede=(
            "The committee meetings where technical standards are written are not glamorous. "
            "They take place in conference hotels, produce hundreds of pages of minutes and are "
            "attended mostly by engineers wearing lanyards. Yet the decisions taken in those "
            "rooms determine whether a phone bought in Essory can connect to a network in the "
            "Sundral Federation, and who collects the royalties when it does."
        ),
        topics=["tech", "diplomacy"],
        authors=["kenji"],
        publication="ledger",
        subject="open standards",
        place="Essory",
    ),
    ArticleSpec(
        title="What an Old Harbour Chart Teaches Us About Data",
        standfirst=(
            "A hand-drawn chart found in a family drawer raises a modern question: what should "
            "we keep, and for whom?"
        ),
        lede=(
            "My grandmother kept a harbour chart in a drawer, drawn by hand by a pilot who "
            "worked the approaches to a small port long before satellites. The depths are in "
            "fathoms, the lighthouses are sketched in ink, and in one corner someone has added a "
            "note about where the currents run strongest in the rainy season. It is a beautiful "
            "object, and almost all of it is now wrong."
        ),
        topics=["tech", "history"],
        authors=["kenji"],
        publication="ledger",
        subject="data retention",
        place="Tarvossa",
        extras=[
            "On the back, in pencil, is a line of Japanese. My grandmother said it was a saying "
            "among the harbour pilots, though I have never found it anywhere else and suspect "
            "the pilot made it up:",
            "> 古い海図は間違っていても、誰かが航路を尋ねる限り捨ててはいけない。",
            "Roughly: an old chart may be wrong, but do not throw it away while someone still "
            "asks the way. It is a fine motto for an archivist and a dangerous one for a "
            "data-protection officer.",
        ],
    ),
    ArticleSpec(
        title="The Clinic at the End of the Ferry Line",
        standfirst=(
            "On the outer islands, health care depends on a boat timetable. A small clinic "
            "shows what rural medicine could look like if we took it seriously."
        ),
        lede=(
            "The clinic on the outermost island of the Cassory Archipelago occupies a former "
            "customs house. It has two consulting rooms, a dispensary, a satellite phone and a "
            "nurse who has worked there for nineteen years. The doctor arrives on the Tuesday "
            "ferry and leaves on the Thursday one, weather permitting. In winter the weather "
            "frequently does not permit."
        ),
        topics=["health"],
        authors=["priya"],
        publication="ledger",
        subject="island health care",
        place="the outer islands of the Cassory Archipelago",
    ),
    ArticleSpec(
        title="Vaccination Campaigns Run on Trust, Not Logistics",
        standfirst=(
            "The measles outbreak in Taverny was not caused by a shortage of vaccines. It was "
            "caused by a shortage of people whom families believed."
        ),
        lede=(
            "When measles returned to the hill district of Taverny two years ago, the first "
            "reaction in the capital was to send more vaccine. There was already plenty: the "
            "district's storerooms held enough doses to immunise every child twice over. What "
            "they lacked was a reason for parents, many of whom had been let down by officials "
            "before, to bring their children in."
        ),
        topics=["health"],
        authors=["priya"],
        publication="ledger",
        subject="the measles campaign",
        place="the hill district of Taverny",
    ),
    ArticleSpec(
        title="Heat Is a Health Emergency We Keep Filing Under Weather",
        standfirst=(
            "Heat waves kill more people than floods in most years, yet they are rarely treated "
            "as disasters. Hospitals and cities need a shared plan."
        ),
        lede=(
            "During last summer's heat wave, the emergency department of the main hospital in "
            "Sael saw a sharp rise in admissions among elderly patients living alone. Most had "
            "not been outside for days. Many lived on the upper floors of apartment blocks "
            "without shade or ventilation, and several were found by neighbours who had noticed "
            "that the curtains had not moved."
        ),
        topics=["health", "climate"],
        authors=["priya", "mireille"],
        publication="ledger",
        subject="extreme heat",
        place="the eastern wards of Sael",
    ),
    ArticleSpec(
        title="Measure the Waiting Room, Not Just the Ward",
        standfirst=(
            "Health ministries love to count beds and operations. Patients experience the "
            "system mostly as time spent waiting, and that is rarely measured well."
        ),
        lede=(
            "Ask a health ministry how its hospitals are performing and you will receive a great "
            "deal of information about beds, operations and budgets. Ask a patient and you will "
            "hear about waiting: for an appointment, for a test result, for a call back that "
            "never comes. The two accounts describe the same system, but they might as well be "
            "describing different countries."
        ),
        topics=["health"],
        authors=["priya"],
        publication="ledger",
        subject="waiting times",
        place="the river towns of the Lumen Delta",
    ),
    ArticleSpec(
        title="The Quiet Success of the Taverny Water Board",
        standfirst=(
            "For sixty years a small public body has kept a mountain district's water clean. It "
            "deserves more credit, and more imitators."
        ),
        lede=(
            "The Taverny water board has an office above a hardware shop, a staff of fourteen "
            "and a budget that would not cover the catering at a ministerial conference. Since "
            "it was founded, the district has not recorded a single death from a waterborne "
            "disease. I doubt one resident in a hundred could tell you who runs it."
        ),
        topics=["health", "history"],
        authors=["priya"],
        publication="ledger",
        subject="the water board",
        place="the hill district of Taverny",
    ),
    ArticleSpec(
        title="The Salt Conference of 1887 and the Art of Saving Face",
        standfirst=(
            "A forgotten negotiation over salt duties offers a lesson in how rivals can climb "
            "down without appearing to."
        ),
        lede=(
            "In the spring of 1887, delegations from two rival kingdoms met in a spa hotel to "
            "settle a dispute over salt. It sounds trivial now, but salt was then a major source "
            "of state revenue, and the quarrel had already led to the seizure of two ships and a "
            "brief exchange of artillery fire across a river. The conference lasted eleven "
            "weeks. Its records, which I have spent the past year reading, are a masterclass in "
            "the diplomacy of saving face."
        ),
        topics=["history", "diplomacy"],
        authors=["ilse"],
        publication="meridian",
        subject="the Salt Conference",
        place="the state archive at Oberwaith",
        year=1887,
    ),
    ArticleSpec(
        title="What the Treaty of Calloway Left Unsaid",
        standfirst=(
            "A nineteenth-century peace treaty is celebrated for what it settled. Its real "
            "achievement lay in what it carefully declined to settle."
        ),
        lede=(
            "Schoolchildren in Tarvossa learn that the Treaty of Calloway, signed in 1871, ended "
            "the Three Rivers War and established the modern border. That is true as far as it "
            "goes. What they are not usually taught is that the negotiators deliberately left "
            "several crucial questions unresolved, and that this was the secret of the "
            "treaty's success."
        ),
        topics=["history"],
        authors=["ilse", "wen"],
        publication="meridian",
        subject="the Treaty of Calloway",
        place="the old treaty port of Kelmouth",
        year=1871,
    ),
    ArticleSpec(
        title="Lighthouse Keepers and the Birth of Maritime Law",
        standfirst=(
            "The keepers of the coastal lights wrote logbooks that became evidence, then "
            "precedent, then law."
        ),
        lede=(
            "The lighthouse at Cape Morrow has been automated for forty years, but its logbooks "
            "survive, bound in cracked leather in a regional archive. They record the weather "
            "every four hours, the ships that passed, the lamps that failed and, now and then, "
            "the wrecks. In the 1840s those entries began to be cited in court, and a keeper's "
            "handwriting could decide who paid for a lost cargo."
        ),
        topics=["history", "trade"],
        authors=["wen"],
        publication="meridian",
        subject="the lighthouse logbooks",
        place="the lighthouse at Cape Morrow",
        year=1842,
    ),
    ArticleSpec(
        title="Archives Are Arguments, Not Attics",
        standfirst=(
            "A plan to digitise the state archives has been sold as a matter of preservation. "
            "It is also a decision about which stories get told."
        ),
        lede=(
            "The reading room of the archive at Oberwaith smells of dust, floor polish and old "
            "glue. Researchers sign in with a pencil, wear cotton gloves and wait, sometimes for "
            "hours, for boxes to be brought up from the stacks. The new digitisation plan "
            "promises to end all that, and in many ways it should. But every digitisation "
            "project begins with a choice about what goes first, and that choice is never "
            "neutral."
        ),
        topics=["history"],
        authors=["wen"],
        publication="meridian",
        subject="the digitisation plan",
        place="the state archive at Oberwaith",
        year=1903,
    ),
    ArticleSpec(
        title="Grain Ledgers and the Invention of Famine Relief",
        standfirst=(
            "The relief commissions of the nineteenth century kept meticulous accounts. "
            "Reading them now shows how the idea of public responsibility for hunger took "
            "shape."
        ),
        lede=(
            "The ledgers of the Sael valley relief commission run to sixty-two volumes. They "
            "record, in a careful clerical hand, every sack of grain bought, every cart hired "
            "and every ration issued during three years of failed harvests. At first glance "
            "they are the driest documents imaginable. Read closely, they tell the story of a "
            "government slowly accepting that hunger was its business."
        ),
        topics=["history", "health"],
        authors=["wen", "priya"],
        publication="meridian",
        subject="the relief commissions",
        place="the grain markets of the Sael valley",
        year=1846,
    ),
    ArticleSpec(
        title="The Threshold Examination Measures Stamina, Not Talent",
        standfirst=(
            "A national exam meant to open doors has become a test of which families can afford "
            "the longest preparation. There are better ways."
        ),
        lede=(
            "Every June some two hundred thousand seventeen-year-olds sit the Threshold "
            "Examination, a four-day marathon that decides who goes to university and where. The "
            "week before, the newspapers print photographs of anxious parents outside exam "
            "halls. The week after, they print stories about students with perfect scores. In "
            "between, almost nobody asks what the exam is actually measuring."
        ),
        topics=["education"],
        authors=["wen"],
        publication="ledger",
        subject="the Threshold Examination",
        place="the suburbs of Port Abrell",
        extras=[
            "My grandmother, who taught in a village school for forty years, wrote the same "
            "line on the blackboard at the start of every exam season: "
            "「灯不必最亮，只要照得到下一步。」 A lamp need not be the brightest; it only needs "
            "to light the next step. She meant it as comfort for nervous pupils. It reads to me "
            "now as a quiet rebuke to an examination that rewards the brightest blaze on a "
            "single week in June.",
        ],
    ),
    ArticleSpec(
        title="Teach Geography Like It Matters Again",
        standfirst=(
            "Geography has been squeezed out of crowded timetables. It is the subject that best "
            "explains the world students are about to inherit."
        ),
        lede=(
            "Ask a class of fourteen-year-olds to find the Amberline Strait on a blank map and "
            "most will hesitate. Ask them why it matters, why ships queue there, why two "
            "governments quarrel over the islands at its mouth, why the monsoon decides when "
            "the grain boats sail, and the room goes quiet. That silence is the product of a "
            "curriculum that has spent twenty years treating geography as optional."
        ),
        topics=["education"],
        authors=["wen"],
        publication="ledger",
        subject="the geography curriculum",
        place="rural Marandi Province",
    ),
    ArticleSpec(
        title="Rural Schools Need Permanence, Not Pilots",
        standfirst=(
            "Villages have seen a parade of short-lived initiatives. What their schools need is "
            "teachers who stay long enough to know the families."
        ),
        lede=(
            "The primary school in a mountain village above Taverny has had seven head teachers "
            "in ten years. Each arrived with energy and a new plan; each left for a post in a "
            "town with better housing and a shorter commute. The children have been the subject "
            "of four pilot programmes, two of which ended before their evaluations were "
            "published."
        ),
        topics=["education"],
        authors=["wen"],
        publication="ledger",
        subject="rural teacher retention",
        place="the mountain schools above Taverny",
    ),
    ArticleSpec(
        title="Language Classes Are Foreign Policy by Other Means",
        standfirst=(
            "Fewer students in Tarvossa are learning the languages of their neighbours. That is "
            "a strategic problem disguised as a timetabling one."
        ),
        lede=(
            "Thirty years ago roughly one in three secondary students in Tarvossa studied the "
            "language spoken across the Amberline Strait. Today the figure is closer to one in "
            "twelve. Nobody decided this; it happened through a thousand small timetabling "
            "choices, each sensible on its own. The cumulative effect is a generation that will "
            "negotiate with its largest neighbour through interpreters."
        ),
        topics=["education", "diplomacy"],
        authors=["wen", "ilse"],
        publication="meridian",
        subject="language teaching",
        place="the suburbs of Port Abrell",
    ),
    ArticleSpec(
        title="The Homework Debate Is Really About Time",
        standfirst=(
            "Arguments about homework are rarely settled by evidence. Perhaps that is because "
            "they are not really about homework at all."
        ),
        lede=(
            "Every school year begins with the same argument. One set of parents complains that "
            "their children are drowning in homework; another complains that theirs are not "
            "being stretched. Teachers, caught in the middle, set assignments that satisfy "
            "nobody. The debate has been running for as long as there have been schools, and it "
            "shows no sign of being resolved."
        ),
        topics=["education"],
        authors=["wen"],
        publication="ledger",
        subject="homework policy",
        place="the suburbs of Port Abrell",
        draft=True,
    ),
]

# --------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------

COMMENTER_NAMES = [
    # The first few are regulars and turn up more often.
    "Maren Tolliver",
    "quaysidereader",
    "Osric Bellamy-Nunes",
    "Petra Chaudry-Moss",
    "Hamish Oduya",
    "old_cartographer",
    "Ines Vasquez-Hart",
    "Rolf Amberley",
    "Sunniva Okeke",
    "Dominic Farrow-Lee",
    "Yusra Hellman",
    "Caius Brandvold",
    "Noor Elsworth",
    "Tilde Marchbank",
    "Emeka Rosslyn",
    "Greer Abernathy-Sato",
    "Ludo Kastner",
    "Wren Obasi",
    "Marguerite Thale",
    "Jonas Pellworth",
    "Adaeze Kirkland",
    "Bastian Moreau-Quill",
    "Saoirse Vannett",
    "Tobiah Grint",
    "Liesl Okonta",
    "Ravi Castellan",
    "Elodie Brightwell",
    "Kofi Haversham",
    "deltadweller",
    "Pim van Ostrand",
    "Ottilie Farquhar-Obi",
    "Silas Wrenfield",
    "Hedda Ramsgate",
    "Zainab Tewkesbury",
    "Ferdinand Ashgrove",
    "Mirela Quennell",
    "Bram Oyelowo",
    "J. Pemberton-Ray",
]

OPENERS = [
    "Thoughtful piece.",
    "I read this twice, which I rarely do.",
    "Interesting argument, though I'm not fully convinced.",
    "This matches my own experience almost exactly.",
    "Good to see someone say this plainly.",
    "A fair summary, as far as it goes.",
    "I've been waiting for someone to write this.",
    "Not the usual take, and better for it.",
    "I disagree with the conclusion but enjoyed the argument.",
    "Long-time reader, first comment.",
    "",
    "",
]

GENERIC_REMARKS = [
    "The point about {subject} is well made, though I think the piece underestimates how "
    "slowly institutions actually move.",
    "I spent a few years working near {place} and the description rings true, especially the "
    "part about nobody noticing until something breaks.",
    "What's missing is any real discussion of cost. Who pays for this, and when?",
    "The paragraph on compromise is the heart of it for me. We have forgotten how to lose "
    "gracefully.",
    "My grandfather used to say that the people who fix things are never the people who get "
    "thanked. This piece is a long footnote to that.",
    "I'd push back a little on the framing. The problem isn't a lack of ideas, it's a lack of "
    "follow-through.",
    "It would help to hear from the officials involved. They are easy to criticise from outside.",
    "The figures seem plausible, but I'd love to see the underlying data.",
    "Every word of the opening paragraph could have been written about my own town.",
    "This deserves a wider audience than it will probably get.",
    "I suspect the real obstacle is political rather than technical, as the piece half admits.",
    "There's a book in this, and I'd read it.",
    "Reasonable points, but the tone is a little too hopeful for my taste.",
    "Shared this with colleagues; it started a long argument over lunch, which I take as a "
    "good sign.",
]

TOPIC_REMARKS = {
    "diplomacy": [
        "Diplomacy that nobody notices is still diplomacy. Good to see it defended for once.",
        "The detail about the agenda fight made me laugh. I sat through one of those as a "
        "junior interpreter and it really did take all afternoon.",
        "Both capitals need a story they can sell at home. That's the part commentators always "
        "skip.",
        "The islanders are always the last to be asked. Glad the piece says so.",
    ],
    "trade": [
        "We import spare parts for a small workshop and the paperwork now costs us more than "
        "the tariff itself.",
        "Anyone who thinks tariffs are paid by foreigners should try running a shop.",
        "The bit about exemptions is spot on. Within a year everyone with a good lawyer had one.",
        "Container rates tell you everything. Ours have doubled since spring.",
    ],
    "climate": [
        "Our street floods every monsoon now, not every few years. The drains were designed "
        "for a different climate.",
        "The point about walls pushing water onto poorer neighbourhoods needs saying louder.",
        "Restoring the wetlands upstream was laughed at in our council ten years ago. Now it's "
        "official policy.",
        "Insurance is where reality bites. You can argue with a scientist; you can't argue "
        "with a premium.",
    ],
    "cities": [
        "The frequency point is so true. I'd take a bus every eight minutes over a shiny new "
        "line any day.",
        "Our council spent more on a consultation about a fountain than on fixing the lights "
        "in the underpass.",
        "Parking minimums are the quiet villain of every housing debate.",
        "Night workers keep the city going and get the worst service. Thank you for noticing.",
    ],
    "tech": [
        "I work in software and I agree: if you can't explain the decision, you shouldn't "
        "automate it.",
        "Data you never collect can't leak. It's remarkable how hard that is to get across in "
        "meetings.",
        "Open formats should be a condition of every public contract. It isn't complicated.",
        "The cable point is underrated. Most people think the internet lives in the sky.",
    ],
    "health": [
        "I'm a community nurse and the line about the cup of tea is exactly right.",
        "Waiting times are the real measure. My mother waited eleven weeks for a scan last year.",
        "Prevention never wins the budget fight because the savings arrive after the election.",
        "The island clinics deserve far more support than they get.",
    ],
    "history": [
        "Fascinating. I had no idea the records were still there to be read.",
        "Reading against the grain is the hardest and most rewarding part of archival work.",
        "The point about ambiguity is well taken. Half the treaties that last are the vague ones.",
        "Every anniversary is really a fight about the present, as the piece says.",
    ],
    "education": [
        "As a teacher, the line about taking something off the list made me want to cheer.",
        "Evening tuition is practically compulsory where I live. The exam measures wallets.",
        "Geography was my favourite subject and it barely exists in my children's school.",
        "We lost three teachers in two years at our village school, all for housing reasons.",
    ],
}

CLOSERS = [
    "Thanks for writing it.",
    "Would welcome a follow-up.",
    "More of this, please.",
    "Food for thought.",
    "Bookmarked.",
    "",
    "",
    "",
]

REPLY_OPENERS = [
    "Agreed, {first}.",
    "I'm not sure that's fair, {first}.",
    "Same experience here.",
    "Good point.",
    "Respectfully, I disagree.",
    "{first}, that's not quite what the article says.",
    "Interesting.",
    "Fair enough, but consider the other side.",
    "",
]

REPLY_REMARKS = [
    "The piece does address cost, briefly, in the middle section.",
    "The people who could fix it have no particular reason to.",
    "I'd add that local councils have almost no money for any of this.",
    "In my town it went the other way, for what it's worth.",
    "Do you have a source for that? I'd genuinely like to read more.",
    "It's easy to say from outside. Inside, every change needs three signatures.",
    "I think you're both describing the same problem from different ends.",
    "That was true ten years ago, but things have moved on a little.",
    "The author's point, as I read it, is about incentives rather than intentions.",
    "I had the same reaction at first and changed my mind on a second reading.",
    "My experience is the opposite, but I live somewhere much smaller.",
    "Yes, and nobody ever measures the cost of the delay.",
    "Exactly. The paperwork is the policy.",
    "Let's not pretend there's an easy answer here.",
]

AUTHOR_REPLIES = [
    "Thanks, {first}. That's a fair criticism; I had room for only part of the argument and "
    "chose the part I know best.",
    "A good point, {first}, and one I should have made more clearly. I hope to come back to it "
    "in a later piece.",
    "Thank you for reading so closely. The figures come from public reports, though I agree "
    "they deserve more scrutiny than I could give them here.",
    "I take the point, {first}, though I'd still argue the underlying problem is the one I "
    "describe.",
]

SPAM_COMMENTS = [
    (
        "Great article!!! I earn a full salary from home in two hours a day, see my website "
        "for details.",
        "https://quick-earnings.example.com/",
    ),
    (
        "Very informative. Cheap watches and sunglasses with free delivery at the link.",
        "https://best-deals.example.com/",
    ),
    (
        "Nice post. Looking for the best prices on holiday villas? Visit us today.",
        "https://cheap-villas.example.org/",
    ),
]

REMOVED_COMMENTS = [
    "Typical nonsense from people who have never done a day's real work.",
    "Who pays you to write this rubbish?",
]

USER_AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36",
]

MAX_REPLY_DEPTH = 3  # a top-level comment plus up to three levels of replies

# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _render(template: list, rng: random.Random, slots: dict) -> str:
    """One paragraph: pick an alternative for each sentence and fill the slots."""
    sentences = [rng.choice(part) if isinstance(part, tuple) else part for part in template]
    values = dict(slots)
    values["pct"] = rng.randint(12, 46)
    values["count"] = NUMBER_WORDS[rng.randint(3, 12)]
    values.update({_cap(key): _cap(str(value)) for key, value in list(values.items())})
    return " ".join(sentences).format_map(values)


def _topic_slots(topic: str, spec: ArticleSpec, rng: random.Random, primary: bool) -> dict:
    bank = TOPIC_BANKS[topic]
    place = spec.place if primary and spec.place else rng.choice(bank["places"])
    return {
        "subject": spec.subject,
        "place": place,
        "actor": rng.choice(bank["actors"]),
        "person": rng.choice(bank["people"]),
        "year": spec.year or rng.randint(1821, 1912),
    }


def _shorten_repeated_people(body: str) -> str:
    """Introduce each invented person once; later mentions use just the name."""
    for bank in TOPIC_BANKS.values():
        for person in bank["people"]:
            first = body.find(person)
            if first == -1:
                continue
            name = person.split(",", 1)[0]
            head, tail = body[: first + len(person)], body[first + len(person) :]
            body = head + tail.replace(person, name)
    return body


def build_body(spec: ArticleSpec, rng: random.Random) -> str:
    """The Markdown body of one article: lede, extras, bank paragraphs, closing."""
    primary, secondary = spec.topics[0], (spec.topics[1:] or [None])[0]
    slots = {primary: _topic_slots(primary, spec, rng, primary=True)}
    if secondary:
        slots[secondary] = _topic_slots(secondary, spec, rng, primary=False)

    total = rng.randint(5, 9)
    plain_extras = sum(1 for block in spec.extras if not block.startswith(("#", ">", "-")))
    middle = max(2, total - 2 - plain_extras)
    n_secondary = 1 if secondary and middle >= 3 and rng.random() < 0.75 else 0
    n_generic = min(rng.choice([0, 1, 1, 2]), middle - n_secondary - 2)
    n_primary = middle - n_secondary - n_generic

    paragraphs = [
        _render(t, rng, slots[primary])
        for t in rng.sample(TOPIC_BANKS[primary]["paragraphs"], n_primary)
    ]
    inserts = [_render(t, rng, slots[primary]) for t in rng.sample(GENERIC_PARAGRAPHS, n_generic)]
    if n_secondary:
        # The article's subject belongs to its main topic; borrowed paragraphs avoid it.
        candidates = [t for t in TOPIC_BANKS[secondary]["paragraphs"] if "ubject}" not in repr(t)]
        inserts.append(_render(rng.choice(candidates), rng, slots[secondary]))
    for paragraph in inserts:
        paragraphs.insert(rng.randint(1, len(paragraphs)), paragraph)

    closings = TOPIC_BANKS[primary]["closings"] if rng.random() < 0.65 else GENERIC_CLOSINGS
    closing = _render([rng.choice(closings)], rng, slots[primary])

    blocks = [spec.lede]
    if spec.extras:
        # Special blocks (a quotation, a list) read best after the first argument.
        blocks += paragraphs[:1] + spec.extras + paragraphs[1:]
    else:
        blocks += paragraphs
    blocks.append(closing)
    return _shorten_repeated_people("\n\n".join(blocks))


@dataclass
class _Commenter:
    name: str
    email: str
    url: str


def _make_commenters(rng: random.Random) -> list[_Commenter]:
    commenters = []
    for name in COMMENTER_NAMES:
        handle = slugify(name).replace("-", ".")
        domain = rng.choice(["example.org", "example.com"])
        host = re.sub(r"[^a-z0-9]", "", name.lower())
        url = f"https://{host}.{domain}/" if rng.random() < 0.3 else ""
        commenters.append(_Commenter(name=name, email=f"{handle}@{domain}", url=url))
    return commenters


def _first_name(name: str) -> str:
    first = name.split()[0]
    return first if " " in name and not first.endswith(".") else name


def _comment_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.22:
        return 0
    if roll < 0.25:
        return 1
    if roll < 0.96:
        return rng.randint(2, 12)
    return rng.randint(13, 16)


def _top_level_text(rng: random.Random, topic: str, slots: dict) -> str:
    remarks = TOPIC_REMARKS[topic] if rng.random() < 0.55 else GENERIC_REMARKS
    parts = [rng.choice(OPENERS), rng.choice(remarks)]
    if rng.random() < 0.3:
        parts.append(rng.choice(GENERIC_REMARKS))
    parts.append(rng.choice(CLOSERS))
    text = " ".join(dict.fromkeys(part for part in parts if part))
    return text.format_map(slots)


def _reply_text(rng: random.Random, parent_name: str) -> str:
    values = {"first": _first_name(parent_name)}
    parts = [rng.choice(REPLY_OPENERS), rng.choice(REPLY_REMARKS)]
    if rng.random() < 0.25:
        parts.append(rng.choice(REPLY_REMARKS))
    text = " ".join(dict.fromkeys(part for part in parts if part))
    return text.format_map(values)


def _ip(rng: random.Random) -> str:
    # Documentation address ranges (RFC 5737), never real readers.
    prefix = rng.choice(["192.0.2", "198.51.100", "203.0.113"])
    return f"{prefix}.{rng.randint(1, 254)}"


def _build_comments(
    article: Article,
    spec: ArticleSpec,
    authors: list[Author],
    commenters: list[_Commenter],
    rng: random.Random,
    now: datetime,
) -> list[tuple[Comment, int | None]]:
    """Comments for one article as (comment, index of parent) in chronological order."""
    count = _comment_count(rng)
    if count == 0:
        return []
    span = min(now - article.published_at, timedelta(days=45))
    offsets = sorted(rng.uniform(0.01, 0.97) for _ in range(count))
    slots = {"subject": spec.subject, "place": spec.place or "my town"}
    weights = [4 if i < 6 else 1 for i in range(len(commenters))]

    built: list[tuple[Comment, int | None]] = []
    depths: list[int] = []
    author_replied = False
    for index, offset in enumerate(offsets):
        created = article.published_at + span * offset
        is_last = index == count - 1
        replyable = [
            i
            for i, (c, _) in enumerate(built)
            if c.status == Comment.Status.APPROVED and depths[i] < MAX_REPLY_DEPTH
        ]
        parent_index = None
        if replyable and rng.random() < 0.45:
            # Favour the newest comment so that some threads grow deep.
            parent_index = replyable[-1] if rng.random() < 0.5 else rng.choice(replyable)

        commenter = rng.choices(commenters, weights=weights)[0]
        name, email, url = commenter.name, commenter.email, commenter.url
        status = Comment.Status.APPROVED
        if parent_index is not None:
            parent = built[parent_index][0]
            if not author_replied and rng.random() < 0.15:
                author = authors[0]
                name, email, url = author.name, f"{author.slug}@example.org", ""
                body = rng.choice(AUTHOR_REPLIES).format(first=_first_name(parent.name))
                author_replied = True
            else:
                while commenter.name == parent.name:
                    commenter = rng.choice(commenters)
                name, email, url = commenter.name, commenter.email, commenter.url
                body = _reply_text(rng, parent.name)
        else:
            roll = rng.random()
            if roll < 0.03:
                body, url = rng.choice(SPAM_COMMENTS)
                status = Comment.Status.SPAM
            elif roll < 0.045:
                body = rng.choice(REMOVED_COMMENTS)
                status = Comment.Status.REMOVED
            else:
                body = _top_level_text(rng, spec.topics[0], slots)
        if status == Comment.Status.APPROVED and is_last and rng.random() < 0.3:
            status = Comment.Status.PENDING

        comment = Comment(
            article=article,
            name=name,
            email=email,
            url=url,
            body=body,
            created_at=created,
            status=status,
            ip=_ip(rng),
            user_agent=rng.choice(USER_AGENTS),
        )
        built.append((comment, parent_index))
        depths.append(0 if parent_index is None else depths[parent_index] + 1)
    return built


def _unique_slug(text: str, taken: set[str]) -> str:
    base = slugify(text)[:280] or "article"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def seed_demo_content() -> dict[str, int] | None:
    """Fill an empty archive with demo content; None if any article already exists."""
    rng = random.Random(SEED)
    now = timezone.now().replace(second=0, microsecond=0)

    with transaction.atomic():
        if Article.objects.exists():
            return None

        publications = {
            key: Publication.objects.get_or_create(
                slug=slugify(data["name"]),
                defaults={"name": data["name"], "about": data["about"], "website": data["website"]},
            )[0]
            for key, data in PUBLICATIONS.items()
        }
        authors = {
            key: Author.objects.get_or_create(
                slug=slugify(data["name"]), defaults={"name": data["name"], "bio": data["bio"]}
            )[0]
            for key, data in AUTHORS.items()
        }
        topics = {
            key: Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for key, name in TOPICS.items()
        }

        # Publication dates spread over the last two years, in no particular order.
        dated = [spec for spec in ARTICLE_SPECS if not spec.draft and not spec.scheduled]
        days_ago = [rng.uniform(2, 725) for _ in dated]
        taken: set[str] = set()
        articles: list[tuple[Article, ArticleSpec]] = []
        bylines, topic_links = [], []
        for spec in ARTICLE_SPECS:
            if spec.draft:
                status, published_at = Article.Status.DRAFT, None
            elif spec.scheduled:
                status = Article.Status.PUBLISHED
                published_at = now + timedelta(days=rng.randint(3, 9), hours=rng.randint(0, 8))
            else:
                status = Article.Status.PUBLISHED
                published_at = (now - timedelta(days=days_ago.pop(0))).replace(
                    hour=rng.randint(5, 18),
                    minute=rng.choice([0, 15, 30, 45]),
                    second=0,
                    microsecond=0,
                )
                published_at = min(published_at, now - timedelta(hours=6))
            article = Article(
                title=spec.title,
                slug=_unique_slug(spec.title, taken),
                standfirst=spec.standfirst,
                body=build_body(spec, rng),
                status=status,
                published_at=published_at,
                publication=publications[spec.publication],
                comments_open=spec.comments_open,
            )
            article.save()
            articles.append((article, spec))
            bylines += [
                Byline(article=article, author=authors[key], position=position)
                for position, key in enumerate(spec.authors)
            ]
            topic_links += [
                Article.topics.through(article_id=article.pk, topic_id=topics[key].pk)
                for key in spec.topics
            ]
        Byline.objects.bulk_create(bylines)
        Article.topics.through.objects.bulk_create(topic_links)
        record_first_versions([a.pk for a, _spec in articles], comment="Created by seed_demo")

        commenters = _make_commenters(rng)
        pending: list[tuple[Comment, Comment | None]] = []
        for article, spec in articles:
            if not article.is_live:
                continue
            built = _build_comments(
                article, spec, [authors[key] for key in spec.authors], commenters, rng, now
            )
            pending += [
                (comment, None if parent is None else built[parent][0]) for comment, parent in built
            ]
        # Save in chronological order so ids follow time and every parent exists first.
        pending.sort(key=lambda pair: pair[0].created_at)
        for comment, parent in pending:
            comment.parent = parent
            comment.save()

    return {
        "articles": len(articles),
        "authors": len(authors),
        "publications": len(publications),
        "topics": len(topics),
        "comments": len(pending),
    }
