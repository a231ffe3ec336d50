"""Small word lists that a stemmer cannot know: irregular verbs, news paraphrases and
the closed classes of things a question can ask for (countries, languages, religions,
directions).

``LEMMAS`` folds irregular verb forms to the base form before stemming, so
"fled" meets "flee" and "took" meets "taken" (both sides go through it).
``SYNONYMS`` are the gendered and neutral forms of a role ("spokeswoman",
"spokesperson"). A question word also matches the other words of its group, at a
lower weight than an exact match. Other word relations come from WordNet
(bot/relations.py), not from lists written here.
"""

from __future__ import annotations

_IRREGULAR = """
arise: arose arisen
be: was were been being is are am
bear: borne
beat: beaten
begin: began begun
bend: bent
bite: bitten
bleed: bled
blow: blew blown
break: broke broken
breed: bred
bring: brought
build: built
buy: bought
catch: caught
choose: chose chosen
cling: clung
come: came
deal: dealt
dig: dug
do: did done
draw: drew drawn
drive: drove driven
eat: ate eaten
fall: fell fallen
feel: felt
fight: fought
find: found
flee: fled
fling: flung
fly: flew flown
forbid: forbade forbidden
forget: forgot forgotten
forgive: forgave forgiven
freeze: froze frozen
get: got gotten
give: gave given
go: went gone
grow: grew grown
hang: hung
have: had has
hear: heard
hide: hid hidden
hold: held
keep: kept
kneel: knelt
know: knew known
lay: laid
lead: led
leap: leapt
leave: left
lend: lent
light: lit
lose: lost
make: made
mean: meant
meet: met
mislead: misled
mistake: mistook mistaken
overcome: overcame
oversee: oversaw overseen
overtake: overtook overtaken
overthrow: overthrew overthrown
pay: paid
prove: proven
rebuild: rebuilt
ride: rode ridden
ring: rang rung
rise: rose risen
run: ran
say: said
see: saw seen
seek: sought
sell: sold
send: sent
sew: sewn
shake: shook shaken
shine: shone
shoot: shot
show: shown
shrink: shrank shrunk
sing: sang sung
sink: sank sunk
slay: slew slain
sleep: slept
sow: sown
speak: spoke spoken
spend: spent
spin: spun
stand: stood
steal: stole stolen
stick: stuck
sting: stung
strike: struck
strive: strove striven
swear: swore sworn
sweep: swept
swell: swollen
swim: swam swum
swing: swung
take: took taken
teach: taught
tear: tore torn
tell: told
think: thought
throw: threw thrown
undergo: underwent undergone
understand: understood
undertake: undertook undertaken
uphold: upheld
wake: woke woken
wear: wore worn
weep: wept
win: won
withdraw: withdrew withdrawn
withhold: withheld
write: wrote written
woman: women
man: men
child: children
spokeswoman: spokeswomen
spokesman: spokesmen
"""

LEMMAS: dict[str, str] = {
    form: base
    for line in _IRREGULAR.strip().splitlines()
    for base, forms in [line.split(":")]
    for form in forms.split()
}


def past_verb(word: str) -> bool:
    """A past form of a verb, by its ending or as an irregular one ("fled", "left",
    "taken"): after a noun it is the question's verb ("how many people fled")."""
    if len(word) > 4 and word.endswith("ed"):
        return not word.endswith(("eed", "hundred"))  # "speed", "two hundred"
    base = LEMMAS.get(word, word)
    return base != word and not word.endswith(("men", "ren")) and base not in ("be", "do")


# Words for one another that no stemmer joins and that are general English, not any
# question's: the gendered and neutral forms of a role. Other word relations (synonyms,
# derivations, broader and narrower words) come from WordNet (bot/relations.py); the
# groups once listed here were picked from the question sets' words (issue 15).
_GROUPS = """
spokesman spokeswoman spokesperson
chairman chairwoman chairperson chair
businessman businesswoman businessperson
"""

SYNONYMS: dict[str, frozenset[str]] = {}
for _line in _GROUPS.strip().splitlines():
    _group = frozenset(_line.split())
    for _word in _group:
        SYNONYMS[_word] = SYNONYMS.get(_word, frozenset()) | (_group - {_word})

# Closed classes a question can ask for by name ("Which countries ...?", "What religion
# ...?", "In what language ...?", "What part of France ...?"): a sentence that names a
# member holds the kind of answer asked for. Written as a sentence writes them; countries
# and languages only count capitalised ("Chad", not "chad").
COUNTRIES = """
Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia
Botswana Brazil Britain Brunei Bulgaria Burkina Burma Burundi Cambodia Cameroon Canada Chad
Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica
Ecuador Egypt England Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia
Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Holland Honduras Hungary
Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya
Kiribati Korea Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya
Liechtenstein Lithuania Luxembourg Macedonia Madagascar Malawi Malaysia Maldives Mali Malta
Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro Morocco Mozambique
Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palau
Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar Romania Russia Rwanda Samoa
Scotland Senegal Serbia Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan Suriname
Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Trinidad Tunisia
Turkey Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Wales
Yemen Zambia Zimbabwe UK USA U.S. America Emirates Lanka Arabia Salvador Rica Leone Zealand
Timor Verde Marino
"""
LANGUAGES = """
English French German Spanish Italian Portuguese Dutch Latin Greek Russian Ukrainian Polish
Czech Slovak Hungarian Romanian Bulgarian Serbian Croatian Swedish Norwegian Danish Finnish
Icelandic Norse Celtic Gaelic Irish Welsh Breton Basque Catalan Occitan Arabic Hebrew Persian
Farsi Turkish Kurdish Hindi Urdu Bengali Punjabi Tamil Chinese Mandarin Cantonese Japanese
Korean Vietnamese Thai Malay Indonesian Swahili Amharic Yoruba Hausa Zulu Afrikaans Kazakh
Uzbek Georgian Armenian Albanian Lithuanian Latvian Estonian Sanskrit Yiddish Saxon Frankish
"""
RELIGIONS = """
christian christians christianity catholic catholics catholicism protestant protestants
protestantism orthodox orthodoxy anglican anglicans lutheran lutherans calvinist calvinism
methodist baptist evangelical evangelicals mormon mormons islam islamic muslim muslims sunni
shia shiite jew jews jewish judaism hindu hindus hinduism buddhist buddhists buddhism sikh
sikhs sikhism pagan pagans paganism atheist atheists atheism taoism confucianism shinto
zoroastrian zoroastrianism
"""
DIRECTIONS = """
north south east west northern southern eastern western northeast northwest southeast
southwest north-east north-west south-east south-west northeastern northwestern southeastern
southwestern central
"""
