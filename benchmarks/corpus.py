"""A synthetic, deterministic corpus of Swedish municipal news for the benchmark.

``generate(dest, size, seed)`` writes ``size`` articles into ``dest/articles/<YYYY>/`` plus
``dest/newscli.toml`` and ``dest/hugo.toml`` (so ``hugo list all`` reads exactly the same files),
and a stamp ``dest/corpus.json`` that says what was generated. The same seed and size always give
byte-identical files: every random choice comes from one ``random.Random(seed)``, consumed in a
fixed order, and nothing depends on set or hash order.

Articles look like the Borås reference article: 2-3 KB of UTF-8, a title, a lead, a body composed
from a bank of Swedish sentences with quotes and sub-headings, tags, an author, sometimes lastmod,
an image with alt text, related links. About 3 % are drafts, 2 % scheduled (dated after "now"),
2 % evergreen and 3 % superseded by a later article of the same kind. Dates span the 15 years
before the fixed "now", 2026-11-29.

Run it alone: ``python benchmarks/corpus.py DEST --size 1000 --seed 20261129``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_SEED = 20261129
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
NOW_TEXT = "2026-11-29T12:00:00+01:00"
TIMEZONE = "Europe/Stockholm"
YEARS = 15
ARCHIVE_AFTER_YEARS = 2
MIN_BYTES = 2048
MAX_BYTES = 3072
STAMP = "corpus.json"
GENERATOR_VERSION = 2

ZONE = ZoneInfo(TIMEZONE)
# Keys the config lists in extra_keys (Hugo's own, the site's) and keys it does not know (a Swedish
# name for a field, a typo, a leftover from an old CMS import): validate warns about the latter.
EXTRA_KEYS = ("description", "aliases", "weight", "categories", "sitemap_priority")
UNKNOWN_KEYS = ("ingress", "kategori", "athor", "bildtext", "publicerad_av", "cms_id")

NEWSCLI_TOML = f"""\
# newscli configuration of the synthetic benchmark corpus (benchmarks/corpus.py).
articles_dir = "articles"
timezone = "{TIMEZONE}"
language = "sv"
stale_after = "1y"
stale_from = "date"
archive_after = "{ARCHIVE_AFTER_YEARS}y"
# Hugo's own keys and the site's: newscli leaves them alone and validate does not warn about them.
extra_keys = [{", ".join(f'"{k}"' for k in EXTRA_KEYS)}]

[stale_after_tags]
pressmeddelande = "6m"
trafik = "3m"
evenemang = "1m"
krisberedskap = "1y6m"

[defaults]
author = "Kommunikationsavdelningen"
language = "sv"
"""

# Hugo reads exactly the articles folder; local dates and times in the same zone as newscli.
HUGO_TOML = f"""\
# Hugo configuration of the synthetic benchmark corpus: `hugo list all` reads articles/.
baseURL = "https://example.org/"
languageCode = "sv"
title = "newscli benchmark corpus"
contentDir = "articles"
timeZone = "{TIMEZONE}"
"""

# --- the bank: places, people, organisation -------------------------------------------------------

# fmt: off
PLACES = (
    "Hulta", "Norrby", "Sjöbo", "Hässleholmen", "Brämhult", "Fristad", "Sandared", "Viskafors",
    "Dalsjöfors", "Trandared", "Göta", "Kristineberg", "Byttorp", "Tullen", "Druvefors", "Parkstaden",
    "Gånghester", "Sandhult", "Borgstena", "Rydboholm", "Svaneholm", "Hestra", "Sjömarken", "Äspered",
    "Kransmossen", "Salängen", "Villastaden", "Regementsstaden", "Lundby", "Bergsäter",
)
STREETS = (
    "Allégatan", "Kungsgatan", "Österlånggatan", "Västerlånggatan", "Sandwalls plats", "Bäckängsgatan",
    "Järnvägsgatan", "Hultagatan", "Norrby Långgata", "Sjöbogatan", "Göteborgsvägen", "Alingsåsvägen",
    "Skaraborgsvägen", "Ulricehamnsvägen", "Fabriksgatan", "Torggatan", "Stora Brogatan", "Lilla Brogatan",
    "Kyrkogatan", "Yxhammarsgatan", "Åsbogatan", "Brämhultsvägen", "Eriksbergsgatan", "Kindsgatan",
)
VENUES = (
    "Kulturhuset", "Textilmuseet", "Borås Konstmuseum", "Simonsland", "Åhaga", "Stadsparksbadet",
    "Borås Arena", "Stora torget", "Stadsparken", "Ramnaparken", "Borås Djurpark", "Krokshallen",
)
LIBRARIES = (
    "Stadsbiblioteket", "Hulta bibliotek", "Norrby bibliotek", "Sjöbo bibliotek", "Fristads bibliotek",
    "Sandareds bibliotek", "Dalsjöfors bibliotek", "Viskafors bibliotek",
)
SCHOOLS = (
    "Sjöboskolan", "Norrbyskolan", "Hultaskolan", "Erikslundskolan", "Engelbrektskolan", "Daltorpskolan",
    "Bodaskolan", "Sandgärdskolan", "Fristadskolan", "Myråsskolan", "Dalsjöskolan", "Kristinebergskolan",
)
SPORTS_VENUES = (
    "Stadsparksbadet", "Boråshallen", "Ryahallen", "Sjöbohallen", "Fristadhallen", "Dalsjöfors sporthall",
    "Bodavallen", "Kransmossens motionscentrum",
)
DEPARTMENTS = (
    "Samhällsbyggnadsförvaltningen", "Förskoleförvaltningen", "Grundskoleförvaltningen",
    "Gymnasie- och vuxenutbildningsförvaltningen", "Kulturförvaltningen",
    "Fritids- och folkhälsoförvaltningen", "Miljöförvaltningen", "Servicekontoret", "Stadsledningskansliet",
    "Vård- och äldreförvaltningen", "Sociala omsorgsförvaltningen", "Tekniska förvaltningen",
    "Individ- och familjeomsorgsförvaltningen", "Arbetslivsförvaltningen",
)
BOARDS = (
    "Samhällsbyggnadsnämnden", "Kommunstyrelsen", "Kulturnämnden", "Fritids- och folkhälsonämnden",
    "Miljö- och konsumentnämnden", "Tekniska nämnden", "Förskolenämnden", "Grundskolenämnden",
    "Vård- och äldrenämnden", "Sociala omsorgsnämnden",
)
FIRST_NAMES = (
    "Anna", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Eva", "Ingrid", "Johanna", "Susanne",
    "Malin", "Linnea", "Elin", "Fatima", "Amira", "Erik", "Lars", "Karl", "Anders", "Johan", "Per",
    "Mikael", "Magnus", "Jonas", "Fredrik", "Daniel", "Ali", "Mohammed", "Niklas", "Oskar", "Henrik",
)
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Lindberg", "Lindqvist", "Armå", "Carlsson", "Jönsson",
    "Berg", "Holm", "Sandberg", "Ekström", "Lundgren", "Hassan", "Yilmaz", "Axelsson", "Hedlund",
)
ROLES = (
    "enhetschef", "projektledare", "verksamhetschef", "förvaltningschef", "samordnare", "utvecklingsledare",
    "handläggare", "strateg", "avdelningschef", "kommunikatör",
)
MODIFIERS = ("Kommunikationsavdelningen", "Stadsledningskansliet", "Webbredaktionen", *DEPARTMENTS[:6])
MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
    "november", "december",
)
WEEKDAYS = ("måndagen", "tisdagen", "onsdagen", "torsdagen", "fredagen", "lördagen", "söndagen")
HEADINGS = (
    "Mer information", "Bakgrund", "Så påverkas du", "Tidplan", "Kontakt", "Frågor och svar",
    "Det här händer nu", "Vad tycker du?",
)
ALTS = (
    "Vy över {plats} med hus och grönska.",
    "Människor som samtalar på {lokal}.",
    "Gatubild från {gata} en solig dag.",
    "Skylt med kommunens logotyp utanför {lokal}.",
    "Barn som leker i en park i {plats}.",
    "Arbetsmaskiner vid {gata}.",
    "Flygbild över {plats}.",
)
CAPTIONS = (
    "Vy över {plats}.", "{lokal}.", "{gata} i {plats}.", "Foto: Borås Stad.", "Arkivbild.",
    "{plats} från ovan.",
)
# fmt: on
GENERIC_LINKS = (
    ("Kontaktcenter", "https://www.boras.se/kontaktcenter.html"),
    ("Lämna synpunkter", "https://www.boras.se/synpunkter.html"),
    ("Nyheter från Borås Stad", "https://www.boras.se/nyheter.html"),
    ("Kommunens organisation", "https://www.boras.se/kommunochpolitik/organisation.html"),
)


@dataclass(frozen=True)
class Topic:
    name: str
    tags: tuple[str, ...]  # the first one is always used
    stories: tuple[tuple[str, str], ...]  # (title, lead), both templates
    sentences: tuple[str, ...]
    quotes: tuple[str, ...]
    links: tuple[tuple[str, str], ...] = ()
    weight: int = 10


TOPICS: tuple[Topic, ...] = (
    Topic(
        "trafik",
        ("trafik", "vägarbete", "kollektivtrafik", "cykel", "parkering"),
        (
            (
                "Vägarbete stänger {gata} under {veckor} veckor",
                "Från {datum} är {gata} avstängd för biltrafik medan ledningar byts under gatan.",
            ),
            (
                "Ny cykelbana mellan {plats} och {plats2}",
                "Den nya cykelbanan knyter ihop {plats} med {plats2} och gör det enklare att välja cykeln "
                "till jobb och skola.",
            ),
            (
                "Ändrade busslinjer i {plats} från {datum}",
                "Flera busslinjer i {plats} får nya hållplatser och tider när vägarbetet vid {gata} börjar.",
            ),
            (
                "{gata} stängs av för ledningsarbete",
                "Under {veckor} veckor byts vatten- och fjärrvärmeledningar under {gata} i {plats}.",
            ),
            (
                "Nya parkeringsregler i centrum från {datum}",
                "Avgiften och tiderna för parkering på gatorna i centrum ändras för att fler ska hitta en "
                "ledig plats.",
            ),
            (
                "Hastigheten sänks till 40 km/h i {plats}",
                "På flera gator i {plats} sänks hastighetsgränsen för att göra trafiken tryggare nära "
                "skolor och bostäder.",
            ),
            (
                "Trafikomläggning vid {gata} i {manad}",
                "Under {manad} bygger kommunen om korsningen vid {gata} för att göra den säkrare för "
                "gående och cyklister.",
            ),
            (
                "Ny gång- och cykelbro i {plats} invigs",
                "Den nya bron över Viskan ger en gen och trygg väg mellan {plats} och centrum.",
            ),
            (
                "Beläggningsarbeten på {gata} och {gata2}",
                "Trafiken i {plats} påverkas under {veckor} veckor när {gata} och {gata2} får ny asfalt.",
            ),
        ),
        (
            "Under avstängningen leds biltrafiken om via {gata2}.",
            "Gång- och cykeltrafik kan passera arbetsområdet på den norra trottoaren.",
            "Busshållplatsen vid {gata} flyttas tillfälligt cirka {antal} meter.",
            "Västtrafik informerar om ändringar i tidtabellen på sin webbplats.",
            "Arbetet beräknas vara klart {datum2}, om vädret tillåter.",
            "Vi ber om överseende med de störningar arbetet kan medföra.",
            "Skyltar visar vägen förbi arbetsområdet och tillfälliga farthinder sätts upp.",
            "Räddningstjänsten och hemtjänsten har informerats och kommer fram hela tiden.",
            "Boende längs {gata} får information i brevlådan en vecka innan arbetet börjar.",
            "Den nya sträckningen är belyst och skild från biltrafiken med en kantsten.",
            "Hastighetsgränsen har sänkts efter önskemål från boende och skolor i området.",
            "Nattetid kan det förekomma buller när asfalten läggs.",
            "Parkering är förbjuden på båda sidor om gatan under arbetstiden.",
            "Mätningar visar att omkring {antal}0 fordon passerar {gata} en vanlig vardag.",
        ),
        (
            "Vi vet att avstängningen påverkar många, men arbetet behövs för att ledningarna ska "
            "hålla i många år framåt",
            "Säkerheten för barnen som går och cyklar till skolan har varit viktigast när vi planerat",
            "Med den nya cykelbanan blir det både tryggare och snabbare att ta sig in till centrum",
        ),
        (
            ("Trafikstörningar och vägarbeten", "https://www.boras.se/trafikochstadsplanering/trafik.html"),
            ("Västtrafik – reseplanerare", "https://www.vasttrafik.se/"),
            ("Parkera i Borås", "https://www.boras.se/trafikochstadsplanering/parkering.html"),
        ),
        weight=16,
    ),
    Topic(
        "kultur",
        ("kultur", "bibliotek", "evenemang", "konst", "läsning"),
        (
            (
                "Nya öppettider på {bibliotek}",
                "Från {datum} har {bibliotek} nya öppettider, med längre öppet på kvällarna.",
            ),
            (
                "{lokal} visar ny utställning om {kulturtema}",
                "En ny utställning om {kulturtema} öppnar på {lokal} {datum} och visas till och med "
                "{datum2}.",
            ),
            (
                "Författarbesök på {bibliotek} i {manad}",
                "I {manad} kommer flera författare till {bibliotek} för samtal om läsning och skrivande.",
            ),
            (
                "Kulturnatten lockar till {lokal}",
                "Under Kulturnatten bjuder {lokal} och ett trettiotal andra platser på program för alla "
                "åldrar.",
            ),
            (
                "{bibliotek} utökar öppettiderna",
                "Från {datum} har {bibliotek} öppet fler timmar i veckan, så att fler kan låna, läsa och "
                "studera på kvällar och helger.",
            ),
            (
                "Sommarläsning för barn på {bibliotek}",
                "Under sommarlovet utmanar {bibliotek} barn att läsa fem böcker och skriva om dem.",
            ),
            (
                "Konst i offentlig miljö: ny skulptur i {plats}",
                "En ny skulptur har placerats vid torget i {plats} som en del av kommunens satsning på "
                "konst i offentlig miljö.",
            ),
            (
                "Gratis konserter i {lokal} under {manad}",
                "Under {manad} bjuder kommunen in till gratis konserter i {lokal} varje torsdagskväll.",
            ),
        ),
        (
            "Biblioteket erbjuder även läxhjälp, språkcaféer och hjälp med digitala tjänster.",
            "Utställningen är gratis och har visningar varje lördag klockan 13.",
            "Programmet tas fram tillsammans med föreningar och studieförbund i kommunen.",
            "Alla programpunkter är avgiftsfria och många är anpassade för barn.",
            "Lokalerna är tillgänglighetsanpassade och det finns hörslinga i salen.",
            "Meröppet innebär att du kan använda biblioteket med lånekort och kod även när personalen "
            "inte är på plats.",
            "Boken som skapat mest samtal i läsecirklarna under året finns nu i fler exemplar.",
            "Konstverket har tagits fram efter en öppen tävling där {antal} konstnärer deltog.",
            "Förslag på program kan lämnas till kulturförvaltningen fram till {datum2}.",
            "Textilstaden Borås har en lång tradition av mode, design och hantverk.",
            "Barn och unga som läser minst fem böcker under sommaren får ett diplom.",
            "Förra året hade biblioteken i kommunen närmare en miljon besök.",
        ),
        (
            "Vi vill att biblioteket ska vara en mötesplats för alla, oavsett tid på dygnet",
            "Kultur ska vara tillgänglig i hela kommunen, inte bara i centrum",
            "Det är roligt att se hur många som hittar hit, både nya och gamla besökare",
        ),
        (
            ("Bibliotek i Borås", "https://www.boras.se/upplevaochgora/bibliotek.html"),
            ("Kalender – evenemang", "https://www.boras.se/upplevaochgora/kalender.html"),
            ("Borås Konstmuseum", "https://www.boraskonstmuseum.se/"),
        ),
        weight=12,
    ),
    Topic(
        "skola",
        ("skola", "förskola", "utbildning", "barn och unga"),
        (
            (
                "Ny förskola i {plats} öppnar i {manad}",
                "Den nya förskolan i {plats} har plats för {antal} barn och öppnar i {manad}.",
            ),
            (
                "Ansökan till förskoleklass öppnar {datum}",
                "Vårdnadshavare till barn födda {fodelsear} kan från {datum} ansöka om plats i "
                "förskoleklass inför hösten.",
            ),
            (
                "{skola} byggs ut med {antal} nya platser",
                "{skola} byggs ut för att möta behovet av fler skolplatser i {plats}.",
            ),
            (
                "Skollunchen får fler vegetariska alternativ",
                "Från {datum} serveras två vegetariska rätter varje dag i kommunens grundskolor.",
            ),
            (
                "Skolval inför läsåret {ar}/{nasta_ar}",
                "Nu är det dags att välja skola inför läsåret {ar}/{nasta_ar}; valet görs i e-tjänsten.",
            ),
            (
                "Lovskola för elever i årskurs 9 i {plats}",
                "Elever i årskurs 9 som riskerar att inte nå behörighet till gymnasiet erbjuds lovskola i "
                "{plats}.",
            ),
            (
                "Ny rektor på {skola}",
                "{skola} i {plats} får en ny rektor från {datum}, efter en rekrytering under våren.",
            ),
        ),
        (
            "Ansökan görs i e-tjänsten och sista dag att ansöka är {datum2}.",
            "Skolan får nya klassrum, en större matsal och en ombyggd skolgård.",
            "Under byggtiden flyttar några klasser tillfälligt till paviljonger på skolgården.",
            "Alla barn erbjuds plats i en skola nära hemmet, men önskemål om annan skola tas hänsyn till "
            "i mån av plats.",
            "Måltiderna lagas från grunden i skolans eget kök.",
            "Förskolan har sex avdelningar och en stor gård med närhet till skogen.",
            "Lovskolan ger eleverna en extra chans att nå behörighet till gymnasiet.",
            "Vårdnadshavare får besked om placering via e-post i början av {manad}.",
            "Skolskjuts kan beviljas för elever som har lång väg till skolan.",
            "Personalen har arbetat fram det nya upplägget tillsammans med elevrådet.",
            "Studie- och yrkesvägledarna finns på plats för frågor under hela våren.",
            "Skolan har i dag omkring {antal} elever från förskoleklass till årskurs 6.",
        ),
        (
            "Vi ser att behovet av förskoleplatser ökar i den här delen av staden",
            "Eleverna har varit med och tyckt till om hur skolgården ska se ut",
            "Målet är att alla elever ska lämna grundskolan med godkända betyg",
        ),
        (
            ("Förskola och skola", "https://www.boras.se/forskolaochutbildning.html"),
            ("E-tjänster för skola och förskola", "https://www.boras.se/etjanster.html"),
        ),
        weight=10,
    ),
    Topic(
        "bostäder",
        ("stadsplanering", "bostäder", "detaljplan", "byggande"),
        (
            (
                "{antal} nya hyresrätter byggs i {plats}",
                "{nämnd} har antagit detaljplanen för ett nytt bostadskvarter i {plats}. Planen ger plats "
                "för omkring {antal} hyresrätter och en förskola.",
            ),
            (
                "Detaljplan för {plats} ute på samråd",
                "Nu kan du tycka till om förslaget till ny detaljplan för de centrala delarna av {plats}.",
            ),
            (
                "Nytt bostadsområde planeras vid {gata}",
                "Kommunen har påbörjat arbetet med ett nytt bostadsområde vid {gata} med plats för omkring "
                "{antal} bostäder.",
            ),
            (
                "Lämna synpunkter på översiktsplanen",
                "Förslaget till ny översiktsplan visar hur kommunen kan växa fram till 2050, och nu vill vi "
                "veta vad du tycker.",
            ),
            (
                "Byggstart för nya bostäder i {plats}",
                "Byggstarten för de nya bostäderna vid {gata} i {plats} sker under {manad}.",
            ),
            (
                "Markanvisning för kvarter i {plats} klar",
                "Kommunen har valt byggherre för kvarteret vid {gata} i {plats} efter en "
                "markanvisningstävling.",
            ),
        ),
        (
            "Planen ger möjlighet att bygga flerbostadshus i fyra till sex våningar.",
            "Planen har varit ute på samråd och granskning, och synpunkterna har lett till ändringar.",
            "Beslutet kan överklagas inom tre veckor från att det har tillkännagivits på kommunens "
            "anslagstavla.",
            "Om planen vinner laga kraft kan byggstart ske tidigast under {nasta_ar}.",
            "Handlingarna finns att läsa på Stadshuset och på kommunens webbplats.",
            "Ett öppet hus anordnas i {lokal} där tjänstepersoner svarar på frågor.",
            "Området ligger nära kollektivtrafik, skola och grönområden.",
            "Byggnaderna närmast befintliga bostäder sänks med en våning efter synpunkter från grannar.",
            "Kvarteret får en ny allmän lekplats och gröna gårdar.",
            "Synpunkter lämnas skriftligen senast {datum2}.",
            "Bostäderna byggs av det kommunala bostadsbolaget tillsammans med privata byggherrar.",
            "Dagvattnet tas om hand i öppna diken och planteringar inom området.",
        ),
        (
            "Det här är ett viktigt steg för att fler ska kunna bo och leva i {plats}",
            "Vi har lyssnat på de boende och gjort flera ändringar i planen",
            "Staden växer och vi behöver bostäder för alla skeden i livet",
        ),
        (
            ("Detaljplaner under arbete", "https://www.boras.se/trafikochstadsplanering/detaljplaner.html"),
            ("Översiktsplan", "https://www.boras.se/trafikochstadsplanering/oversiktsplan.html"),
        ),
        weight=12,
    ),
    Topic(
        "miljö",
        ("miljö", "avfall", "återvinning", "klimat"),
        (
            (
                "Nytt tömningsschema för hushållsavfall i {plats}",
                "Från {datum} töms kärlen för hushållsavfall i {plats} varannan vecka i stället för varje "
                "vecka.",
            ),
            (
                "Så sorterar du {avfall}",
                "Genom att sortera {avfall} rätt bidrar du till att mer material kan återvinnas.",
            ),
            (
                "Återvinningscentralen i {plats} får nya öppettider",
                "Från {datum} har återvinningscentralen i {plats} öppet längre på vardagskvällar.",
            ),
            (
                "Kommunen mäter luftkvaliteten på {gata}",
                "Miljöförvaltningen mäter halterna av partiklar och kvävedioxid på {gata} under {manad}.",
            ),
            (
                "Klimatlöfte: {antal} företag ansluter sig",
                "{antal} företag i kommunen har skrivit under klimatlöftet och lovar att minska sina "
                "utsläpp.",
            ),
            (
                "Farligt avfall hämtas i {plats} {datum}",
                "Den mobila insamlingen av farligt avfall kommer till {plats} {datum}.",
            ),
            (
                "Ny laddstation för elbilar vid {lokal}",
                "Vid {lokal} finns nu en ny laddstation där fyra elbilar kan laddas samtidigt.",
            ),
        ),
        (
            "Matavfallet blir till biogas som driver stadens bussar.",
            "Glas, metall, papper och plast lämnas på närmaste återvinningsstation.",
            "Farligt avfall som färgrester och batterier får aldrig läggas i soppåsen.",
            "Mätningarna görs enligt miljökvalitetsnormerna och redovisas i en rapport.",
            "Återvinningscentralen har öppet även på lördagar.",
            "Den som har frågor om sin tömning kan kontakta kundtjänst.",
            "Kommunens mål är att vara fossilbränslefri till år 2030.",
            "Laddstationen har fyra platser och är öppen för allmänheten dygnet runt.",
            "Genom att dela, laga och köpa begagnat minskar vi mängden avfall.",
            "Sorteringsguiden finns på flera språk och kan laddas ner som tryckbar affisch.",
            "Resultaten visar att luften har blivit bättre de senaste tio åren.",
            "Insamlingsbilen står på varje plats i ungefär en timme.",
        ),
        (
            "Varje påse matavfall som sorteras rätt gör skillnad för klimatet",
            "Vi ser att allt fler sorterar, och det är glädjande",
            "Ren luft är en fråga om folkhälsa, därför följer vi utvecklingen noga",
        ),
        (
            ("Sortera ditt avfall", "https://www.borasem.se/sortering"),
            ("Miljö och klimat", "https://www.boras.se/miljoochklimat.html"),
        ),
        weight=11,
    ),
    Topic(
        "vatten",
        ("vatten", "avlopp", "driftstörning"),
        (
            (
                "Vattenavstängning på {gata} {datum}",
                "På grund av ett planerat arbete stängs vattnet av på {gata} {datum} mellan klockan 9 "
                "och 15.",
            ),
            (
                "Kokningsrekommendation upphävd i {plats}",
                "Provsvaren visar att dricksvattnet i {plats} åter är tjänligt och "
                "kokningsrekommendationen är upphävd.",
            ),
            (
                "Ny vattenledning till {plats}",
                "En ny huvudledning för dricksvatten byggs till {plats} för att trygga vattenförsörjningen.",
            ),
            (
                "Spola inte ner våtservetter",
                "Varje år orsakar våtservetter och fett stopp i avloppsledningarna i {plats} och resten av "
                "kommunen.",
            ),
            (
                "Bevattningsförbud i {plats} under {manad}",
                "Den låga grundvattennivån gör att kommunen inför bevattningsförbud i {plats}.",
            ),
        ),
        (
            "Fyll gärna några kannor med vatten innan avstängningen.",
            "När vattnet kommer tillbaka kan det vara missfärgat en stund; spola tills det är klart.",
            "Bevattningsförbudet gäller trädgårdsslangar, pooler och biltvätt.",
            "Våtservetter och bindor orsakar stopp i ledningarna och ska slängas i soppåsen.",
            "Den nya ledningen ökar kapaciteten och tryggar vattenförsörjningen i {plats}.",
            "Berörda fastigheter har fått information via sms.",
            "Akuta läckor kan anmälas dygnet runt till felanmälan.",
            "Vattnet i Borås kommer från sjöarna Öresjö och Kypesjön.",
            "Arbetet utförs i etapper för att störa så lite som möjligt.",
            "Stegvis återgår trycket i ledningarna till det normala under kvällen.",
        ),
        (
            "Vi förstår att det är besvärligt att vara utan vatten och gör arbetet så snabbt vi kan",
            "Det är viktigt att alla hjälps åt att spara på vattnet när nivåerna är låga",
        ),
        (("Vatten och avlopp", "https://www.boras.se/boendemiljoochklimat/vattenochavlopp.html"),),
        weight=7,
    ),
    Topic(
        "fritid",
        ("fritid", "idrott", "barn och unga", "evenemang", "friluftsliv"),
        (
            (
                "{idrottsplats} stänger för renovering",
                "{idrottsplats} stänger {datum} för en omfattande renovering av tak och ventilation.",
            ),
            (
                "Sommarlovsaktiviteter för barn och unga i {plats}",
                "Under sommarlovet erbjuds barn och unga gratis aktiviteter i {plats} och i hela kommunen.",
            ),
            (
                "Nytt utegym invigs i {plats}",
                "Det nya utegymmet i {plats} är öppet för alla och kostar ingenting att använda.",
            ),
            (
                "Elljusspåret i {plats} får ny belysning",
                "Elljusspåret i {plats} får ny och energisnål belysning som gör spåret tryggare på kvällen.",
            ),
            (
                "Gratis simskola under {manad}",
                "Barn mellan fem och tio år kan gå gratis simskola på {idrottsplats} under {manad}.",
            ),
            (
                "Föreningsbidrag: ansök senast {datum}",
                "Föreningar med verksamhet för barn och unga kan söka aktivitetsbidrag senast {datum}.",
            ),
            (
                "Ny spontanidrottsplats i {plats}",
                "I {plats} finns nu en ny spontanidrottsplats där alla kan spela fotboll och basket.",
            ),
        ),
        (
            "Aktiviteterna är gratis och kräver ingen föranmälan.",
            "Programmet tas fram tillsammans med föreningar och fritidsgårdar.",
            "Under renoveringen hänvisas simträningen till andra anläggningar.",
            "Utegymmet har redskap för både nybörjare och vana motionärer.",
            "Belysningen på elljusspåret tänds automatiskt när det blir mörkt.",
            "Föreningar som bedriver verksamhet för barn och unga kan söka bidrag två gånger per år.",
            "Platsen har konstgräs, basketkorg och en löparbana.",
            "Simskolan vänder sig till barn mellan fem och tio år.",
            "Fritidsgården i {plats} har extra öppet under loven.",
            "Anläggningen beräknas öppna igen {datum2}.",
            "Förra sommaren deltog över {antal} barn i aktiviteterna.",
        ),
        (
            "Alla barn ska ha möjlighet till en meningsfull fritid, oavsett var de bor",
            "Vi vill göra det enkelt att röra på sig i vardagen",
        ),
        (
            ("Idrott och motion", "https://www.boras.se/upplevaochgora/idrottochmotion.html"),
            ("Föreningsbidrag", "https://www.boras.se/foreningsbidrag.html"),
        ),
        weight=10,
    ),
    Topic(
        "omsorg",
        ("äldreomsorg", "omsorg", "socialtjänst", "hälsa"),
        (
            (
                "Nya träffpunkter för seniorer i {plats}",
                "Från {datum} öppnar nya träffpunkter för seniorer i {plats}, med aktiviteter varje vecka.",
            ),
            (
                "Hemtjänsten inför digitala nycklar",
                "Hemtjänsten byter till digitala nycklar för att göra besöken säkrare och enklare.",
            ),
            (
                "Vaccinationer på {lokal} under {manad}",
                "Under {manad} kan du som fyllt 65 år vaccinera dig mot säsongsinfluensa på {lokal}.",
            ),
            (
                "Anhörigstöd: välkommen till öppet hus",
                "Du som stödjer en närstående är välkommen till öppet hus hos anhörigstödet {datum}.",
            ),
            (
                "Nytt vård- och omsorgsboende i {plats}",
                "Det nya vård- och omsorgsboendet i {plats} får {antal} lägenheter och öppnar under {manad}.",
            ),
        ),
        (
            "Träffpunkterna är öppna för alla över 65 år och ingen anmälan behövs.",
            "Den digitala nyckeln ersätter de fysiska nycklar som personalen tidigare bar med sig.",
            "Anhöriga som vårdar en närstående kan få stöd, samtal och avlösning.",
            "Boendet har en egen trädgård och gemensamma lokaler för aktiviteter.",
            "Personal från vård- och äldreförvaltningen finns på plats och svarar på frågor.",
            "Hemtjänsten når du via kontaktcenter alla dagar i veckan.",
            "Aktiviteterna har tagits fram efter önskemål från pensionärsorganisationerna.",
            "Vaccinationen är kostnadsfri för den som fyllt 65 år.",
            "Ingen behöver lämna ifrån sig sin nyckel förrän den digitala lösningen är på plats.",
            "Ta gärna med legitimation och ditt vaccinationskort.",
        ),
        (
            "Ensamhet är ett av de största hoten mot äldres hälsa, därför satsar vi på mötesplatser",
            "Tryggheten för den som har hemtjänst ska alltid komma först",
        ),
        (("Äldreomsorg", "https://www.boras.se/omsorgochhjalp/aldreomsorg.html"),),
        weight=8,
    ),
    Topic(
        "demokrati",
        ("demokrati", "kommunfullmäktige", "medborgardialog", "politik"),
        (
            (
                "Kommunfullmäktige sammanträder {datum}",
                "Kommunfullmäktige sammanträder {datum} i Fullmäktigesalen. Mötet är öppet för "
                "allmänheten och sänds direkt.",
            ),
            (
                "Medborgardialog om framtidens {plats}",
                "Hur vill du att {plats} ska utvecklas? Kommunen bjuder in till medborgardialog under "
                "{manad}.",
            ),
            (
                "Budget för {nasta_ar} antagen",
                "Kommunfullmäktige har antagit budgeten för {nasta_ar}, som ger mer pengar till skola och "
                "omsorg.",
            ),
            (
                "Ungdomsfullmäktige lämnar förslag till {nämnd}",
                "Ungdomsfullmäktige har tagit fram förslag om trygga mötesplatser som nu lämnas till "
                "{nämnd}.",
            ),
            (
                "Följ kommunfullmäktige direkt på webben",
                "Från {datum} sänds alla sammanträden i kommunfullmäktige direkt med textning.",
            ),
            (
                "Borås demokratiarbete uppmärksammas i {stad}",
                "Vid en internationell konferens i {stad} berättar representanter från Borås Stad om "
                "kommunens långsiktiga demokratiarbete.",
            ),
        ),
        (
            "Föredragningslistan och handlingarna finns publicerade en vecka före mötet.",
            "Medborgarförslag kan lämnas av alla som är folkbokförda i kommunen.",
            "Dialogen sker både på plats i {lokal} och digitalt.",
            "Synpunkterna sammanställs och lämnas till {nämnd} inför beslut.",
            "Borås Stad deltar i nätverket Medborgardialog som systematiskt arbetssätt.",
            "Budgeten innebär bland annat satsningar på fler lärare och förebyggande arbete.",
            "Sändningen kan också ses i efterhand på kommunens webbplats.",
            "Ungdomsfullmäktige består av {antal} ledamöter mellan 13 och 19 år.",
            "Arbetet med inflytande och delaktighet har pågått i många år.",
            "Frågestunden i början av mötet är öppen för frågor från allmänheten.",
        ),
        (
            "Vi har fått en fantastisk möjlighet att berätta om hur vi involverar medborgare tidigt",
            "Det är genom dialog som vi bygger tillit mellan invånare och samhället",
            "Ungas röster ska höras när vi fattar beslut som rör deras vardag",
        ),
        (
            (
                "Medborgardialog",
                "https://www.boras.se/kommunochpolitik/inflytandeochdialog/medborgardialog.html",
            ),
            ("Kommunfullmäktige", "https://www.boras.se/kommunochpolitik/kommunfullmaktige.html"),
        ),
        weight=9,
    ),
    Topic(
        "näringsliv",
        ("näringsliv", "arbete", "företag"),
        (
            (
                "Nytt företagscentrum öppnar i {plats}",
                "Ett nytt företagscentrum i {plats} samlar rådgivning, kontorsplatser och nätverk under ett "
                "tak.",
            ),
            (
                "{antal} nya företag startade under första halvåret",
                "Antalet nystartade företag i Borås ökade under första halvåret, visar ny statistik.",
            ),
            (
                "Företagsfrukost på temat hållbar handel",
                "Välkommen till företagsfrukost i {lokal} {datum}, där temat är hållbar handel.",
            ),
            (
                "Sommarjobb för unga: ansök senast {datum}",
                "Ungdomar mellan 16 och 19 år kan nu söka sommarjobb i kommunens verksamheter.",
            ),
            (
                "Rekordmånga besökare till Textilfestivalen",
                "Textilfestivalen lockade fler besökare än någonsin till centrum och {lokal}.",
            ),
        ),
        (
            "Företagslotsen hjälper dig som vill starta eller utveckla ett företag.",
            "Sommarjobben finns inom bland annat äldreomsorg, parkskötsel och kultur.",
            "Statistiken kommer från Bolagsverket och gäller kommunen som helhet.",
            "Frukostmötena är gratis och hålls en gång i månaden i {lokal}.",
            "Handeln i centrum har fått nya öppettider under helgerna.",
            "Samarbetet med högskolan ger studenter möjlighet till praktik i lokala företag.",
            "Kommunen arbetar för att förenkla för företag genom snabbare handläggning.",
            "Ansökan görs i e-tjänsten och urvalet sker genom lottning.",
            "Besöksnäringen står för en växande del av jobben i kommunen.",
        ),
        (
            "Ett starkt näringsliv är grunden för en växande kommun",
            "Det är glädjande att så många vill starta företag i Borås",
        ),
        (("Företagare i Borås", "https://www.boras.se/naringslivocharbete.html"),),
        weight=7,
    ),
    Topic(
        "krisberedskap",
        ("krisberedskap", "säkerhet", "vinter"),
        (
            (
                "Testa din hemberedskap under beredskapsveckan",
                "Under beredskapsveckan uppmanas alla att se över sin hemberedskap: vatten, mat, värme och "
                "information.",
            ),
            (
                "Varning för halka – sanda gångvägar",
                "Efter nattens minusgrader är det mycket halt på gång- och cykelvägar i {plats} och resten "
                "av kommunen.",
            ),
            (
                "Snöröjning – så prioriterar vi gatorna i vinter",
                "Snöröjningen börjar med huvudgator, busslinjer och gång- och cykelvägar till skolor.",
            ),
            (
                "Julbelysningen tänds på Stora torget",
                "Första advent tänds julbelysningen på Stora torget, med musik och glögg för alla.",
            ),
            (
                "Signalen Viktigt meddelande till allmänheten testas {datum}",
                "Klockan 15 {datum} testas signalen Viktigt meddelande till allmänheten i hela landet.",
            ),
            (
                "Risk för översvämning vid Viskan",
                "Höga flöden i Viskan kan ge översvämningar i lågt liggande delar av {plats}.",
            ),
        ),
        (
            "Ha vatten, mat och värme för minst en vecka hemma.",
            "En batteridriven radio gör att du kan ta del av information även vid strömavbrott.",
            "Fastighetsägare ansvarar för att snö och is tas bort från tak och trottoarer.",
            "Sandlådor finns utplacerade vid branta gångvägar i {plats}.",
            "Räddningstjänsten följer utvecklingen och samverkar med länsstyrelsen.",
            "Vid ett verkligt larm: gå inomhus, stäng dörrar och fönster och lyssna på radio.",
            "Snöröjningen kan ta upp till tre dygn efter ett kraftigt snöfall.",
            "Kommunens krisinformation finns samlad på en sida på webbplatsen.",
            "Julbelysningen tänds i centrum den första advent med musik och glögg.",
            "Sandsäckar finns att hämta vid räddningsstationen för den som bor nära vattnet.",
        ),
        (
            "En god hemberedskap gör att samhället står starkare i en kris",
            "Vi gör allt vi kan för att hålla gatorna farbara, men ber om tålamod vid kraftiga snöfall",
        ),
        (
            ("Krisberedskap", "https://www.boras.se/trygghetochsakerhet/krisberedskap.html"),
            ("Krisinformation.se", "https://www.krisinformation.se/"),
        ),
        weight=8,
    ),
)

GENERIC_SENTENCES = (
    "Har du frågor är du välkommen att kontakta kommunens kontaktcenter.",
    "Mer information finns på kommunens webbplats.",
    "Beslutet fattades vid nämndens senaste sammanträde.",
    "Arbetet är en del av kommunens satsning på en hållbar och trygg stad.",
    "{forvaltning} ansvarar för arbetet och följer upp resultatet under året.",
    "Synpunkter kan lämnas via kommunens e-tjänst för synpunkter och klagomål.",
    "Informationen finns även på lätt svenska och på flera andra språk.",
    "Satsningen följs upp och redovisas för {nämnd} i slutet av året.",
    "Kommunen samarbetar med föreningar, företag och andra myndigheter i frågan.",
    "Under de kommande veckorna ges mer information till dem som berörs.",
    "Tidplanen kan ändras om förutsättningarna förändras.",
    "Alla som bor eller verkar i {plats} är välkomna att delta.",
    "Förslaget har tagits fram efter dialog med invånare i {plats}.",
    "Kostnaden beräknas till omkring {miljoner} miljoner kronor.",
    "Arbetet finansieras delvis med statliga bidrag.",
    "Läs mer om arbetet och följ utvecklingen på webbplatsen.",
    "{nämnd} fick en lägesrapport om arbetet i {manad}.",
    "Frågan har diskuterats länge och beslutet välkomnas av flera föreningar i {plats}.",
    "Den som inte har tillgång till internet kan få hjälp på närmaste bibliotek.",
    "Kontaktcenter har öppet vardagar mellan klockan 8 och 17.",
    "Erfarenheterna från {plats} ska användas när arbetet sprids till fler delar av kommunen.",
    "En utvärdering görs efter ett år och resultatet redovisas öppet.",
    "Invånare i {plats} och {plats2} har fått lämna synpunkter i en enkät.",
    "Närmare {antal} personer deltog i de möten som hölls under våren.",
    "Kommunen har också tagit hjälp av forskare vid Högskolan i Borås.",
    "Beslutet gäller tills vidare och kan ses över om behoven förändras.",
    "Alla berörda hushåll får ett brev med mer information.",
    "Frågor från media tas emot av kommunens presstjänst.",
)
FACT_BOX = """## Fakta

- Ansvarig förvaltning: {forvaltning}
- Beslut: {nämnd}
- Område: {plats}
- Kostnad: omkring {miljoner} miljoner kronor"""
GENERIC_QUOTES = (
    "Det här är något som många invånare har efterfrågat, och nu kan vi äntligen genomföra det",
    "Vi vill att alla ska känna sig välkomna och delaktiga",
    "Det är ett långsiktigt arbete som kommer att märkas för många i vardagen",
)
# fmt: off
KULTURTEMAN = (
    "textilindustrins historia", "mode och hållbarhet", "Viskans betydelse för staden", "samtida konst",
    "stadens arkitektur", "barnens bilder av framtiden",
)
AVFALL = ("matavfall", "förpackningar", "elektronik", "farligt avfall", "grovavfall", "textilier")
CITIES = ("Grenoble", "Bryssel", "Barcelona", "Köpenhamn", "Tammerfors", "Lissabon")
# fmt: on


# --- generation ------------------------------------------------------------------------------------


@dataclass
class Plan:
    """One article before its text is written."""

    index: int
    topic: Topic
    when: datetime  # aware, Europe/Stockholm
    date_form: str  # "date", "offset" or "local"
    draft: bool
    scheduled: bool
    evergreen: bool
    context: dict[str, str]
    title: str = ""
    lead: str = ""
    slug: str = ""
    superseded_by: str | None = None
    extras: dict[str, object] = field(default_factory=dict)
    reviewed: datetime | None = None  # Round 2: staleness and archiving count from the later of date and this
    archive_after: str | None = None  # the article's own archiving threshold, or "never"

    @property
    def published(self) -> bool:
        return not self.draft and not self.scheduled


_TRANSLITERATE = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "ae", "ø": "o"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Like python-slugify for Swedish titles (å ä ö → a a o, & → och), frozen here for stable bytes."""
    text = text.lower().replace("&", " och ").translate(_TRANSLITERATE)
    return _NON_SLUG.sub("-", text).strip("-")


def toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def date_phrase(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} den {day.day} {MONTHS[day.month - 1]}"


def _context(rng: random.Random, when: datetime) -> dict[str, str]:
    place, place2 = rng.sample(PLACES, 2)
    street, street2 = rng.sample(STREETS, 2)
    soon = when.date() + timedelta(days=rng.randint(3, 30))
    later = soon + timedelta(days=rng.randint(14, 90))
    return {
        "plats": place,
        "plats2": place2,
        "gata": street,
        "gata2": street2,
        "lokal": rng.choice(VENUES),
        "bibliotek": rng.choice(LIBRARIES),
        "skola": rng.choice(SCHOOLS),
        "idrottsplats": rng.choice(SPORTS_VENUES),
        "forvaltning": rng.choice(DEPARTMENTS),
        "nämnd": rng.choice(BOARDS),
        "kulturtema": rng.choice(KULTURTEMAN),
        "avfall": rng.choice(AVFALL),
        "stad": rng.choice(CITIES),
        "datum": date_phrase(soon),
        "datum2": date_phrase(later),
        "manad": MONTHS[soon.month - 1],
        "veckor": rng.choice(("två", "tre", "fyra", "sex", "åtta")),
        "antal": str(rng.choice((12, 24, 40, 60, 80, 100, 120, 150, 200, 250, 300))),
        "miljoner": str(rng.randint(2, 90)),
        "ar": str(when.year),
        "nasta_ar": str(when.year + 1),
        "fodelsear": str(when.year - 6),
    }


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _fill(template: str, context: Mapping[str, str]) -> str:
    return template.format_map(context)


def _pick_topic(rng: random.Random) -> Topic:
    return rng.choices(TOPICS, weights=[t.weight for t in TOPICS])[0]


def plan_corpus(size: int, seed: int) -> list[Plan]:
    """Every article's metadata, ordered by date; slugs unique; successors chosen."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=round(YEARS * 365.25))
    span = int((NOW - start).total_seconds())
    plans: list[Plan] = []
    for index in range(size):
        roll = rng.random()
        draft = roll < 0.03
        scheduled = 0.03 <= roll < 0.05
        evergreen = 0.05 <= roll < 0.07
        if scheduled:
            when = NOW + timedelta(days=rng.randint(1, 90))
        else:
            when = start + timedelta(seconds=rng.randrange(span))
        form = rng.choices(("date", "offset", "local"), weights=(35, 55, 10))[0]
        local = when.astimezone(ZONE)
        if form == "date":
            when = datetime.combine(local.date(), time(0, 0), tzinfo=ZONE)
        else:  # office hours, to the quarter
            clock = time(rng.randint(7, 17), rng.choice((0, 15, 30, 45)))
            when = datetime.combine(local.date(), clock, tzinfo=ZONE)
        if scheduled and when <= NOW:
            when += timedelta(days=1)
        if not draft and not scheduled and when > NOW:
            when -= timedelta(days=1)
        topic = _pick_topic(rng)
        plans.append(Plan(index, topic, when, form, draft, scheduled, evergreen, _context(rng, when)))
    plans.sort(key=lambda p: (p.when, p.index))

    used: dict[str, int] = {}
    for plan in plans:
        title, lead = rng.choice(plan.topic.stories)
        plan.title = _fill(title, plan.context)
        plan.lead = _fill(lead, plan.context)
        base = slugify(plan.title)
        slug = base
        if slug in used:
            slug = f"{base}-{plan.when.year}"
        number = 2
        while slug in used:
            slug = f"{base}-{plan.when.year}-{number}"
            number += 1
        used[slug] = plan.index
        plan.slug = slug

    # ~3 % superseded: a published, non-evergreen article replaced by a later published one,
    # preferably of the same topic (new opening hours replace the old ones).
    for position, plan in enumerate(plans):
        if not plan.published or plan.evergreen or rng.random() >= 0.032:
            continue
        later = [
            p
            for p in plans[position + 1 : position + 400]
            if p.published and p.when > plan.when and p.slug != plan.slug
        ]
        if not later:
            continue
        same = [p for p in later if p.topic is plan.topic]
        plan.superseded_by = rng.choice(same or later).slug

    # Round 2 keys, from a stream of their own: ~10 % of the published articles older than a year
    # were reviewed (kept live by an editor) since; ~3 % carry their own archive_after.
    keep = random.Random(f"{seed}-review")
    for plan in plans:
        if not plan.published:
            continue
        if plan.when < NOW - timedelta(days=365) and keep.random() < 0.10:
            earliest = plan.when + timedelta(days=180)
            moment = earliest + timedelta(seconds=keep.randrange(int((NOW - earliest).total_seconds())))
            local = moment.astimezone(ZONE)
            if keep.random() < 0.3:
                plan.reviewed = datetime.combine(local.date(), time(0, 0), tzinfo=ZONE)
            else:
                clock = time(keep.randint(8, 16), keep.randrange(60), keep.randrange(60))
                plan.reviewed = min(datetime.combine(local.date(), clock, tzinfo=ZONE), NOW)
        if keep.random() < 0.03:
            plan.archive_after = keep.choice(ARCHIVE_AFTER_CHOICES)
    return plans


# An article's own archive_after: (spelling, calendar months) — "never" is None.
ARCHIVE_AFTER_CHOICES = ("never", "never", "5y", "3y", "10y", "18m", "P4Y")
_MONTHS_OF = {"5y": 60, "3y": 36, "10y": 120, "18m": 18, "P4Y": 48}
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(moment: datetime, months: int) -> datetime:
    """Calendar months later, clamped to the month's last day (as newscli's durations do)."""
    year, month0 = divmod(moment.month - 1 + months, 12)
    year += moment.year
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = 29 if month0 == 1 and leap else _DAYS_IN_MONTH[month0]
    return moment.replace(year=year, month=month0 + 1, day=min(moment.day, last))


def is_due(plan: Plan) -> bool:
    """Due for archiving by the contract's Round 2 rules: published, not evergreen, its own
    archive_after (or the config's) reached, counted from the later of date and reviewed."""
    if not plan.published or plan.evergreen or plan.archive_after == "never":
        return False
    months = _MONTHS_OF[plan.archive_after] if plan.archive_after else ARCHIVE_AFTER_YEARS * 12
    reference = max(plan.when, plan.reviewed) if plan.reviewed else plan.when
    return add_months(reference, months) <= NOW


def _front_matter(plan: Plan, rng: random.Random) -> list[str]:
    """The TOML lines, in the variety people and tools write: comments, multi-line arrays, inline
    and dotted tables, literal and escaped strings, keys the config lists in extra_keys and keys
    it does not know."""
    ctx = plan.context
    lines = ["+++"]
    if rng.random() < 0.12:
        lines.append(f"# {rng.choice(COMMENTS)}")
    lines += [f"title = {_string(plan.title, rng)}", f"slug = {toml_string(plan.slug)}"]
    lines.append(f"date = {_toml_time(plan.when, plan.date_form)}")
    if plan.published and rng.random() < 0.7:
        lastmod = plan.when + timedelta(days=rng.randint(0, 60), hours=rng.randint(1, 6))
        if lastmod <= NOW:
            lines.append(f"lastmod = {_toml_time(lastmod, 'offset' if plan.date_form != 'date' else 'date')}")
            if rng.random() < 0.9:
                lines.append(f"modified_by = {toml_string(rng.choice(MODIFIERS))}")
    if plan.reviewed is not None:
        form = "date" if plan.reviewed.time() == time(0, 0) else "offset"
        lines.append(f"reviewed = {_toml_time(plan.reviewed, form)}")
        if rng.random() < 0.9:
            lines.append(f"reviewed_by = {toml_string(_person(rng))}")
    author_roll = rng.random()
    if author_roll < 0.5:
        author = "Kommunikationsavdelningen"
    elif author_roll < 0.8:
        author = ctx["forvaltning"]
    else:
        author = _person(rng)
    lines.append(f"author = {_string(author, rng)}")
    lines += _lead(plan.lead, rng)
    lines += _tag_lines(_tags(plan, rng), rng)
    if plan.draft:
        lines.append("draft = true" + ("  # väntar på godkännande" if rng.random() < 0.3 else ""))
    roll = rng.random()
    if roll < 0.2:
        lines.append('language = "sv"')
    elif roll < 0.23:
        lines.append('language = "en"')
    if plan.evergreen:
        lines.append("evergreen = true")
    elif plan.published and rng.random() < 0.02:
        lines.append(f'stale_after = "{rng.choice(("2y", "18m", "6m", "90d", "P1Y"))}"')
    if plan.archive_after is not None:
        lines.append(f"archive_after = {toml_string(plan.archive_after)}")
    if plan.superseded_by:
        lines.append(f"superseded_by = {toml_string(plan.superseded_by)}")
    lines += _extra_keys(plan, rng)
    lines += _image_lines(plan, rng)
    if rng.random() < 0.3:
        bank = plan.topic.links + GENERIC_LINKS
        for title, url in rng.sample(bank, min(len(bank), rng.randint(1, 3))):
            lines += ["", "[[links]]", f"title = {toml_string(title)}", f"url = {_string(url, rng)}"]
    lines.append("+++")
    return lines


COMMENTS = (
    "Granskad av webbredaktionen",
    "Importerad från det gamla publiceringsverktyget",
    "Se även pressmeddelandet på Mynewsdesk",
    "TODO: byt bild när den nya är fotograferad",
    "Uppdaterad efter beslut i nämnden",
)


def _string(text: str, rng: random.Random) -> str:
    """Mostly a basic string; now and then a literal one ('...'), as some editors write them."""
    if "'" not in text and rng.random() < 0.05:
        return f"'{text}'"
    return toml_string(text)


def _lead(lead: str, rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.03:  # a multi-line string, broken where the editor pressed return
        words = lead.split(" ")
        half = len(words) // 2
        return ['lead = """', " ".join(words[:half]), " ".join(words[half:]) + '"""']
    if roll < 0.05:  # quoted words, escaped
        first, _, rest = lead.partition(" ")
        return [f"lead = {toml_string(first + ' ' + chr(34) + rest.rstrip('.') + chr(34) + '.')}"]
    return [f"lead = {toml_string(lead)}"]


def _tag_lines(tags: list[str], rng: random.Random) -> list[str]:
    items = [toml_string(t) for t in tags]
    if len(items) > 1 and rng.random() < 0.15:  # one tag a line, often with a trailing comma
        trailing = "," if rng.random() < 0.5 else ""
        return ["tags = [", *(f"  {item}," for item in items[:-1]), f"  {items[-1]}{trailing}", "]"]
    return ["tags = [" + ", ".join(items) + "]"]


def _extra_keys(plan: Plan, rng: random.Random) -> list[str]:
    lines = []
    if rng.random() < 0.25:
        lines.append(f"description = {toml_string(plan.lead[:120].rsplit(' ', 1)[0] + ' ...')}")
    if rng.random() < 0.05:
        lines.append(f'aliases = ["/nyheter/{plan.when.year}/{plan.index}/"]')
    if rng.random() < 0.03:
        lines.append(f"weight = {rng.randint(1, 20)}")
    if rng.random() < 0.05:
        lines.append('categories = ["Nyheter", "' + plan.topic.name.capitalize() + '"]')
    if rng.random() < 0.02:
        lines.append(f"sitemap_priority = 0.{rng.randint(1, 9)}")
    if rng.random() < 0.04:  # not in extra_keys: validate warns
        key = rng.choice(UNKNOWN_KEYS)
        value = str(rng.randint(10000, 99999)) if key == "cms_id" else toml_string(plan.topic.name)
        lines.append(f"{key} = {value}")
    return lines


def _image_lines(plan: Plan, rng: random.Random) -> list[str]:
    if rng.random() >= 0.35:
        return []
    ctx = plan.context
    src = f"/bilder/{plan.when.year}/{plan.slug}.jpg"
    alt = _fill(rng.choice(ALTS), ctx)
    caption = _fill(rng.choice(CAPTIONS), ctx) if rng.random() < 0.8 else None
    roll = rng.random()
    if roll < 0.15:  # an inline table
        parts = [f"src = {toml_string(src)}", f"alt = {toml_string(alt)}"]
        if caption is not None:
            parts.append(f"caption = {toml_string(caption)}")
        return ["image = { " + ", ".join(parts) + " }"]
    if roll < 0.2:  # dotted keys
        lines = [f"image.src = {_string(src, rng)}", f"image.alt = {toml_string(alt)}"]
        return lines + ([f"image.caption = {toml_string(caption)}"] if caption is not None else [])
    lines = ["", "[image]", f"src = {_string(src, rng)}", f"alt = {toml_string(alt)}"]
    return lines + ([f"caption = {toml_string(caption)}"] if caption is not None else [])


def _toml_time(when: datetime, form: str) -> str:
    local = when.astimezone(ZONE)
    if form == "date":
        return local.date().isoformat()
    if form == "local":
        return local.replace(tzinfo=None).isoformat(timespec="seconds")
    return local.isoformat(timespec="seconds")


def _tags(plan: Plan, rng: random.Random) -> list[str]:
    tags = [plan.topic.tags[0]]
    for extra in rng.sample(plan.topic.tags[1:], rng.randint(0, min(2, len(plan.topic.tags) - 1))):
        tags.append(extra)
    if rng.random() < 0.2:
        tags.append("pressmeddelande")
    if plan.topic.name != "trafik" and rng.random() < 0.03:
        tags.append("trafik")
    return tags


def _quote(plan: Plan, rng: random.Random) -> str:
    text = _fill(rng.choice(plan.topic.quotes + GENERIC_QUOTES), plan.context)
    role = rng.choice(ROLES)
    return f"– {text}, säger {_person(rng)}, {role} på {plan.context['forvaltning']}."


def _body(plan: Plan, rng: random.Random, budget_min: int, budget_max: int, crlf: bool = False) -> str:
    """The topic's sentences first, then general ones; quotes, a sub-heading, sometimes a fact box.

    Paragraphs hold 1-3 sentences; the body grows until it passes ``budget_min`` bytes and never
    passes ``budget_max`` (the file stays within 2-3 KB), counting two bytes a line end with ``crlf``.
    """
    ctx = plan.context
    topical = [_fill(s, ctx) for s in plan.topic.sentences]
    general = [_fill(s, ctx) for s in GENERIC_SENTENCES]
    rng.shuffle(topical)
    rng.shuffle(general)
    pool = general + topical  # popped from the end: the topic's own sentences come first
    blocks: list[str] = []
    size = 0

    def cost(block: str) -> int:  # the block and the blank line after it
        ends = block.count("\n") + 2
        return len(block.encode("utf-8")) + (2 * ends if crlf else ends)

    def fits(block: str) -> bool:
        return size + cost(block) <= budget_max

    def add(block: str) -> None:
        nonlocal size
        blocks.append(block)
        size += cost(block)

    heading_at = rng.randint(3, 5)
    quote_slots = [rng.choice((1, 2))]
    if rng.random() < 0.5:
        quote_slots.append(heading_at + rng.choice((2, 3)))
    fact_box = rng.random() < 0.35
    while size < budget_min:
        if len(blocks) == heading_at and fits(heading := f"## {rng.choice(HEADINGS)}"):
            add(heading)
            continue
        if quote_slots and len(blocks) == quote_slots[0]:
            quote_slots.pop(0)
            if fits(quote := _quote(plan, rng)):
                add(quote)
                continue
        if fact_box and len(blocks) >= heading_at + 2 and fits(box := _fill(FACT_BOX, ctx)):
            add(box)
            fact_box = False
            continue
        if not pool:  # long articles: the general sentences again, in a new order
            pool = [_fill(s, ctx) for s in GENERIC_SENTENCES]
            rng.shuffle(pool)
        sentences = [pool.pop() for _ in range(min(rng.randint(1, 3), len(pool)))]
        paragraph = " ".join(sentences)
        while sentences and not fits(paragraph):
            sentences.pop()
            paragraph = " ".join(sentences)
        if not sentences:
            break  # nothing more fits under the ceiling
        add(paragraph)
    if rng.random() < 0.3:
        contact = f"**Kontakt för media:** {_person(rng)}, {rng.choice(ROLES)}, nås via kontaktcenter."
        if fits(contact):
            add(contact)
    return "\n\n".join(blocks) + "\n"


def render(plan: Plan, rng: random.Random) -> bytes:
    """The file's bytes: ~6 % with CRLF line ends (saved on Windows), ~2 % with a UTF-8 BOM."""
    crlf = rng.random() < 0.06
    bom = b"\xef\xbb\xbf" if rng.random() < 0.02 else b""
    newline = "\r\n" if crlf else "\n"
    head = (newline.join(_front_matter(plan, rng)) + newline).encode("utf-8")
    used = len(bom) + len(head)
    target = rng.randint(MIN_BYTES + 60, MAX_BYTES - 120)
    body = _body(plan, rng, target - used, MAX_BYTES - used, crlf)
    return bom + head + body.replace("\n", newline).encode("utf-8")


def relative_path(plan: Plan) -> str:
    day = plan.when.astimezone(ZONE).date()
    return f"{day.year}/{day.isoformat()}-{plan.slug}.md"


def generator_digest() -> str:
    """Changes whenever this file changes, so a stale corpus is never reused."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def stamp_for(size: int, seed: int) -> dict[str, object]:
    return {"version": GENERATOR_VERSION, "generator": generator_digest(), "size": size, "seed": seed}


def read_stamp(dest: Path) -> dict[str, object] | None:
    try:
        data = json.loads((dest / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_generated(dest: Path, size: int, seed: int) -> bool:
    stamp = read_stamp(dest)
    wanted = stamp_for(size, seed)
    return stamp is not None and all(stamp.get(k) == v for k, v in wanted.items())


def generate(dest: Path, size: int, seed: int = DEFAULT_SEED) -> dict[str, object]:
    """Write the corpus into ``dest`` (which must not hold an older corpus) and return its stamp."""
    plans = plan_corpus(size, seed)
    rng = random.Random(f"{seed}-text")
    articles = dest / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    folders: set[str] = set()
    total_bytes = 0
    smallest, largest = MAX_BYTES * 10, 0
    for plan in plans:
        rel = relative_path(plan)
        folder = rel.split("/", 1)[0]
        if folder not in folders:
            (articles / folder).mkdir(exist_ok=True)
            folders.add(folder)
        data = render(plan, rng)
        (articles / rel).write_bytes(data)
        total_bytes += len(data)
        smallest, largest = min(smallest, len(data)), max(largest, len(data))
    (dest / "newscli.toml").write_text(NEWSCLI_TOML, encoding="utf-8")
    (dest / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    due = sum(1 for p in plans if is_due(p))
    stamp: dict[str, object] = {
        **stamp_for(size, seed),
        "now": NOW_TEXT,
        "articles": len(plans),
        "drafts": sum(p.draft for p in plans),
        "scheduled": sum(p.scheduled for p in plans),
        "evergreen": sum(p.evergreen for p in plans),
        "superseded": sum(p.superseded_by is not None for p in plans),
        "due_for_archive": due,
        "bytes": total_bytes,
        "smallest_bytes": smallest if plans else 0,
        "largest_bytes": largest,
    }
    # Written last: a corpus interrupted half-way has no stamp and is generated again.
    (dest / STAMP).write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    return stamp


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic newscli corpus (see the module doc).")
    parser.add_argument("dest", type=Path, help="folder to write articles/, newscli.toml, hugo.toml into")
    parser.add_argument("--size", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    args = parser.parse_args(argv)
    if (args.dest / "articles").exists():
        parser.error(f"{args.dest / 'articles'} exists; give an empty or new folder")
    stamp = generate(args.dest, args.size, args.seed)
    print(json.dumps(stamp, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
