# SPDX-License-Identifier: MIT
"""Swedish and English labels: the input carries ids, the renderer owns the words."""
from __future__ import annotations

GROUPS = {
    "sv": {"vald": "Våld", "tillgrepp": "Tillgrepp", "skadegorelse": "Skadegörelse",
           "narkotika": "Narkotika", "ovrigt": "Övrigt", "alla": "Alla brott"},
    "en": {"vald": "Violence", "tillgrepp": "Theft", "skadegorelse": "Vandalism",
           "narkotika": "Drugs", "ovrigt": "Other", "alla": "All crimes"},
}
SEXES = {
    "sv": {"alla": "Alla", "kvinna": "Kvinnor", "man": "Män", "okänd": "Okänt kön"},
    "en": {"alla": "All", "kvinna": "Women", "man": "Men", "okänd": "Sex unknown"},
}
AGE_UNKNOWN = {"sv": "Okänd ålder", "en": "Age unknown"}
ALL = {"sv": "Alla", "en": "All"}
GOALS = {
    "sv": {1: "Tillit", 2: "Mötesplatser", 3: "Narkotika", 4: "Skola", 5: "Våld", 6: "Samverkan"},
    "en": {1: "Trust", 2: "Meeting places", 3: "Drugs", 4: "School", 5: "Violence", 6: "Cooperation"},
}
VERDICT = {
    "sv": {"okning": "ökning", "minskning": "minskning", "osaker": "ingen säker förändring",
           "undertryckt": "kan inte bedömas", "saknas": "inget värde"},
    "en": {"okning": "increase", "minskning": "decrease", "osaker": "no certain change",
           "undertryckt": "cannot be assessed", "saknas": "no value"},
}
WEEKDAYS = {
    "sv": ["mån", "tis", "ons", "tor", "fre", "lör", "sön"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}
GISTAR_BINS = {
    "sv": {3: "Het 99 %", 2: "Het 95 %", 1: "Het 90 %", 0: "Inte signifikant",
           -1: "Kall 90 %", -2: "Kall 95 %", -3: "Kall 99 %"},
    "en": {3: "Hot 99%", 2: "Hot 95%", 1: "Hot 90%", 0: "Not significant",
           -1: "Cold 90%", -2: "Cold 95%", -3: "Cold 99%"},
}
LISA_CLASSES = {
    # The engine's codes (stats::LisaClass): 1 High-High, 2 Low-Low, 3 Low-High, 4 High-Low.
    "sv": {0: "Inte signifikant", 1: "Hög-Hög", 2: "Låg-Låg", 3: "Låg-Hög", 4: "Hög-Låg", 5: "Inget värde eller inga grannar"},
    "en": {0: "Not significant", 1: "High-High", 2: "Low-Low", 3: "Low-High", 4: "High-Low", 5: "No value or no neighbours"},
}

# Every other sentence and heading of the report, by key.
T = {
    "sv": {
        "report": "Lägesrapport", "toc": "Innehåll", "summary": "Sammanfattning",
        "summary_intro": "Förändring per brottsgrupp för hela {area}: senaste hela period {latest} jämförd med "
                         "föregående period och med samma period ett år tidigare. Kvoten är brott per 1 000 "
                         "invånare senaste perioden delat med jämförelseperioden, med 95 % konfidensintervall. "
                         "Bara när hela intervallet ligger över (under) 1 redovisas en ökning (minskning); "
                         "annars kan förändringen vara slumpmässig variation.",
        "compared_previous": "jämfört med föregående period", "compared_year_before": "jämfört med samma period året innan",
        "group": "Brottsgrupp", "period": "Period", "count": "Antal", "rate": "Per 1 000 inv.",
        "count_interval": "Antal, 95 % intervall", "rate_interval": "Per 1 000, 95 % intervall",
        "ratio": "Kvot", "ratio_interval": "95 % intervall", "verdict": "Bedömning",
        "from": "Från", "to": "Till", "change": "Förändring", "change_since": "Förändring sedan {period}",
        "district": "Delområde", "code": "Kod", "population": "Befolkning",
        "not_in_source": "finns inte i källan", "group_not_in_source": "Brottsgruppen finns inte i källdata; "
                         "inga värden redovisas.",
        "trend": "Utveckling", "trend_alt": "{group}: antal brott och brott per 1 000 invånare per period {first}–{last}. ",
        "trend_alt_max": "Flest brott {period}: {count}.", "incomplete_legend": "Ofullständig period ({periods})",
        "trend_incomplete": "Ofullständiga perioder ({periods}) visas streckade och räknas inte som trend.",
        "map": "Karta", "map_alt": "Karta över {n} delområden: {group}, brott per 1 000 invånare {period}. ",
        "map_alt_max": "Högst i {name} ({rate} per 1 000).", "map_alt_withheld": " {n} delområden undertryckta (streckade).",
        "map_unit": "per 1 000 inv.", "withheld_legend": "Undertryckt (..)", "no_value_legend": "Inget värde", "zero_legend": "0 (inga brott)",
        "map_alt_zero": " Inga brott i något delområde med publicerat värde.",
        "by_district": "Per delområde", "by_district_caption": "{group} per delområde, {period}: antal, brott per 1 000 invånare och förändring sedan {previous}.",
        "sex_age_unknown": {(True, True): "Källan anger varken kön eller ålder (alla brott har okänt kön och okänd ålder); tabeller efter kön och ålder visas inte.",
                            (True, False): "Källan anger inte kön (alla brott har okänt kön); tabellerna visar bara åldersgrupper.",
                            (False, True): "Källan anger inte ålder (alla brott har okänd ålder); tabellerna visar bara kön."},
        "by_sex_age": "Efter kön och ålder", "by_sex_age_caption": "{group}, hela {area}, {period}: antal (per 1 000 inv.) efter kön och åldersgrupp.",
        "district_sex_age_caption": "{group} per delområde, {period}: antal efter kön och åldersgrupp.",
        "sex": "Kön", "age": "Ålder",
        "hotspots": "Hot spots", "gistar": "Getis-Ord Gi* per delområde", "lisa": "Lokal Moran (LISA) per delområde",
        "gistar_alt": "Karta över Gi*-klasser för {variable} per delområde. {hot} heta och {cold} kalla delområden.",
        "lisa_alt": "Karta över LISA-klasser för {variable} per delområde. {hh} Hög-Hög och {ll} Låg-Låg.",
        "hotspot_caption": "{method}: delområden med signifikant klass ({variable}).", "class": "Klass",
        "z": "z", "p": "p", "grid": "Hot spots i rutnät", "grid_caption": "Heta och kalla rutor (95 %) per yta.",
        "grid_intro": "Rutor om {size} m, avstånd {dist} m{fdr}.", "fdr": ", korrigerat för många test (FDR)",
        "hot_cells": "Heta rutor", "cold_cells": "Kalla rutor", "withheld_cells": "Undertryckta rutor",
        "grid_alt": "Karta över heta och kalla rutor, {group} {period}: {hot} heta och {cold} kalla rutor.",
        "no_significant": "Inga delområden med signifikant klass.",
        "tsa": "Trygghetsanalys per målområde", "tsa_caption": "Risk per målområde och delområde (0–1, högre = större risk) och rang (1 = störst risk).",
        "risk_total": "Total risk", "rank": "Rang", "goal": "Målområde", "indicators": "Indikatorer",
        "indicator": "Indikator", "direction": "Riktning", "source": "Källa", "coverage": "Täckning",
        "indicators_caption": "Indikatorer bakom varje målområde.",
        "tsa_intervals": "Hur säker är rangordningen?",
        "interval_intro": "Indexet bygger på val: normalisering, vikter inom katalogens intervall, aritmetiskt "
                          "eller geometriskt medelvärde, regeln för saknade värden och omfördelningens vikter. "
                          "Med {draws} slumpvisa kombinationer av valen får varje delområde en medianrang och ett "
                          "90 %-intervall (5:e–95:e percentilen av rangerna). Där intervallet korsar en "
                          "kvartilgräns är klassen instabil (*): delområdet kan hamna i olika kvartiler beroende "
                          "på valen.",
        "tsa_interval_caption": "Medianrang (90 % intervall) per målområde och delområde, {draws} dragningar; "
                                "1 = störst risk; * = instabil kvartil.",
        "interval_stable": "stabil kvartil", "interval_unstable": "instabil kvartil",
        "interval_x": "Delområden i ordning efter medianrang", "interval_y": "Rang (1 = störst risk)",
        "interval_alt": "{goal}: 90 %-intervall för rangen i {n} delområden, {unstable} med instabil kvartil. "
                        "Stabilt i översta kvartilen: {top}.",
        "none": "inga",
        "validation": "Validering", "validation_caption": "Index byggt på tidigare perioder jämfört med brott per "
                      "1 000 invånare i senare perioder: Spearmans rangkorrelation och AUC för översta kvartilen. "
                      "Brottstakt = den tidigare brottstakten ensam.",
        "ranking": "Rangordning", "method_col": "Metod", "early": "Tidiga perioder", "late": "Senare perioder",
        "districts_n": "Delområden", "validation_methods": {"index": "Index", "brottstakt": "Brottstakt"},
        "goals_in_analysis": "Målområden i analysen",
        "mp": "Mötesplatser", "mp_intro": "De mest utsatta mötesplatserna för {group}: brott inom {radius} m jämfört med förväntat utifrån omgivningen inom {ring} m.",
        "mp_caption": "De {n} mest utsatta mötesplatserna ({group}).", "place": "Plats", "type": "Typ",
        "expected": "Förväntat", "peak_hour": "Topptimme", "peak_day": "Toppdag",
        "mp_profile_alt": "Brott per timme och veckodag vid {place}: flest klockan {hour} och på {day}.",
        "hour": "Timme", "weekday": "Veckodag", "mp_profile": "Tid på dygnet och veckodag",
        "dq": "Datakvalitet", "accounting": "Radredovisning", "accounting_caption": "Rader per steg i analysen.",
        "stage": "Steg", "rows": "Rader", "outcome": "Utfall", "reason": "Orsak",
        "rejects": "Avvisade rader", "rejects_caption": "Avvisade rader per orsak.",
        "duplicates": "Dubbletter borttagna: {n}.", "duplicates_none": "Inga dubbletter borttagna.",
        "duplicates_withheld": "Antal borttagna dubbletter: .. (undertryckt).",
        "geocoding": "Geokodning", "geocoding_caption": "Geokodade rader per matchningstyp.",
        "kind": "Typ", "key": "Nyckel", "share": "Andel",
        "period_coverage": "Periodtäckning", "coverage_text": "Data från {from} till {to} ({range}).",
        "incomplete_periods": "Ofullständiga perioder: {periods}.", "no_incomplete": "Alla perioder är fullständiga.",
        "withheld": "Undertryckta värden",
        "withheld_text": "Antal 1–{k} redovisas inte (visas som ..) för att skydda enskilda; en förändring över ett "
                         "undertryckt värde visas som –. Av {of} celler i brottstabellen för rapportens delområden "
                         "är {cells} undertryckta ({share}).",
        "warnings": "Meddelanden från beräkningsmotorn (på engelska)",
        "all_periods": "alla perioder",
        "statistic_names": {"gistar": "Getis-Ord Gi*", "gi": "Getis-Ord Gi", "local_moran": "Lokal Moran (LISA)",
                            "moran": "Morans I (global)"},
        "disclosure_labels": {"method": "Metod", "suppress_below": "Undertrycks under", "plan": "Plan",
                              "suppress": "undertryckning", "round": "avrundning", "cell_key": "cellnyckel"},
        "levels_labels": {"level": "Nivå", "table": "Tabell", "cells": "Celler", "published": "Publicerade",
                          "share_published": "Andel publicerade", "recommend_share": "Rekommenderad andel publicerade",
                          "recommended": "Rekommenderad nivå", "plan": "Skyddsplan (motorns text)"},
        "population_year": "Befolkningsår", "population_source": "Steg",
        "levels_caption": "Publicerade celler per redovisningsnivå.",
        "outcome_names": {"rejected": "avvisad", "not_located": "ej lägesbestämd", "outside": "utanför"},
        "method": "Metod", "definitions": "Definitioner",
        "definitions_text": "Brott per 1 000 invånare = antal registrerade brott i perioden / befolkning × 1 000. "
                            "Intervall för antal är exakta 95 % Poissonintervall (Garwood); intervall för kvoter "
                            "kommer från den betingade binomialfördelningen (Clopper–Pearson). Perioder: {length}, "
                            "senaste hela period {latest}. Tal avrundas i rapporten: antal till heltal, brott per "
                            "1 000 till en decimal (två under 1), kvoter till två decimaler.",
        "catalogue": "Brottskodskatalog", "population_years": "Befolkningsår", "suppression": "Skydd av uppgifter",
        "suppression_text": "Antal 1–{k} undertrycks, och fler celler när de annars kan räknas fram (sekundärt skydd). "
                            "Rapporten visar bara publicerade värden, samma som GeoPackage-filen.",
        "statistics": "Statistik och inställningar", "statistic": "Statistik", "variable": "Variabel",
        "value": "Värde", "options": "Inställningar",
        "levels": "Redovisningsnivåer",
        "left_out": "Avsnitt som saknas i underlaget och därför inte visas: {sections}.",
        "generated": "Skapad med Trygg {version}", "pipeline": "Pipeline",
        "page": "Sida", "privacy_internal": "INTERN – får inte publiceras",
        "yes": "ja", "no": "nej", "none": "inga",
        "period_length": {"half-year": "halvår", "year": "år", "quarter": "kvartal", "month": "månad"},
        "range": {"measured": "uppmätt", "declared": "angiven"},
        "all_districts": "alla delområden",
        # Column order: where the rows went, in pipeline order (the manifest's keys come sorted).
        "accounting_labels": {"stage": "Steg", "source": "Källa", "rows": "Rader", "used": "Använda",
                              "outside": "Utanför", "not_located": "Ej lägesbestämda", "rejected": "Avvisade",
                              "balanced": "Stämmer"},
    },
    "en": {
        "report": "Situation report", "toc": "Contents", "summary": "Summary",
        "summary_intro": "Change per crime group for the whole of {area}: latest complete period {latest} compared "
                         "with the previous period and with the same period one year earlier. The ratio is crimes "
                         "per 1,000 inhabitants in the latest period divided by the comparison period, with its 95% "
                         "confidence interval. Only when the whole interval lies above (below) 1 is an increase "
                         "(decrease) reported; otherwise the change may be random variation.",
        "compared_previous": "compared with the previous period", "compared_year_before": "compared with the same period a year earlier",
        "group": "Crime group", "period": "Period", "count": "Count", "rate": "Per 1,000 inh.",
        "count_interval": "Count, 95% interval", "rate_interval": "Per 1,000, 95% interval",
        "ratio": "Ratio", "ratio_interval": "95% interval", "verdict": "Assessment",
        "from": "From", "to": "To", "change": "Change", "change_since": "Change since {period}",
        "district": "District", "code": "Code", "population": "Population",
        "not_in_source": "not in the source", "group_not_in_source": "The crime group is not in the source data; "
                         "no values are reported.",
        "trend": "Trend", "trend_alt": "{group}: number of crimes and crimes per 1,000 inhabitants per period {first}–{last}. ",
        "trend_alt_max": "Most crimes in {period}: {count}.", "incomplete_legend": "Incomplete period ({periods})",
        "trend_incomplete": "Incomplete periods ({periods}) are hatched and not read as trend.",
        "map": "Map", "map_alt": "Map of {n} districts: {group}, crimes per 1,000 inhabitants {period}. ",
        "map_alt_max": "Highest in {name} ({rate} per 1,000).", "map_alt_withheld": " {n} districts withheld (hatched).",
        "map_unit": "per 1,000 inh.", "withheld_legend": "Withheld (..)", "no_value_legend": "No value", "zero_legend": "0 (no crimes)",
        "map_alt_zero": " No crimes in any district with a published value.",
        "by_district": "By district", "by_district_caption": "{group} by district, {period}: count, crimes per 1,000 inhabitants and change since {previous}.",
        "sex_age_unknown": {(True, True): "The source records neither sex nor age (every crime has unknown sex and age); tables by sex and age are not shown.",
                            (True, False): "The source does not record sex (every crime has unknown sex); the tables show age bands only.",
                            (False, True): "The source does not record age (every crime has unknown age); the tables show sex only."},
        "by_sex_age": "By sex and age", "by_sex_age_caption": "{group}, the whole of {area}, {period}: count (per 1,000 inh.) by sex and age band.",
        "district_sex_age_caption": "{group} by district, {period}: count by sex and age band.",
        "sex": "Sex", "age": "Age",
        "hotspots": "Hotspots", "gistar": "Getis-Ord Gi* by district", "lisa": "Local Moran (LISA) by district",
        "gistar_alt": "Map of Gi* classes of {variable} by district. {hot} hot and {cold} cold districts.",
        "lisa_alt": "Map of LISA classes of {variable} by district. {hh} High-High and {ll} Low-Low.",
        "hotspot_caption": "{method}: districts with a significant class ({variable}).", "class": "Class",
        "z": "z", "p": "p", "grid": "Grid hotspots", "grid_caption": "Hot and cold cells (95%) per surface.",
        "grid_intro": "Cells of {size} m, distance {dist} m{fdr}.", "fdr": ", corrected for multiple testing (FDR)",
        "hot_cells": "Hot cells", "cold_cells": "Cold cells", "withheld_cells": "Withheld cells",
        "grid_alt": "Map of hot and cold cells, {group} {period}: {hot} hot and {cold} cold cells.",
        "no_significant": "No district with a significant class.",
        "tsa": "Safety analysis by policy goal", "tsa_caption": "Risk per policy goal and district (0–1, higher = more risk) and rank (1 = most risk).",
        "risk_total": "Total risk", "rank": "Rank", "goal": "Policy goal", "indicators": "Indicators",
        "indicator": "Indicator", "direction": "Direction", "source": "Source", "coverage": "Coverage",
        "indicators_caption": "Indicators behind each policy goal.",
        "tsa_intervals": "How certain is the ranking?",
        "interval_intro": "The index rests on choices: normalisation, weights within the catalogue's ranges, "
                          "arithmetic or geometric mean, the missing-data rule and the reallocation weights. Over "
                          "{draws} random combinations of the choices each district gets a median rank and a 90 % "
                          "interval (5th–95th percentile of its ranks). Where the interval crosses a quartile "
                          "boundary the class is unstable (*): the district may fall in different quartiles "
                          "depending on the choices.",
        "tsa_interval_caption": "Median rank (90 % interval) per policy goal and district, {draws} draws; "
                                "1 = most risk; * = unstable quartile.",
        "interval_stable": "stable quartile", "interval_unstable": "unstable quartile",
        "interval_x": "Districts in order of median rank", "interval_y": "Rank (1 = most risk)",
        "interval_alt": "{goal}: 90 % rank intervals of {n} districts, {unstable} with an unstable quartile. "
                        "Stably in the top quartile: {top}.",
        "none": "none",
        "validation": "Validation", "validation_caption": "Index built on earlier periods against crime per 1,000 "
                      "inhabitants in later periods: Spearman's rank correlation and the AUC for the top quartile. "
                      "Crime rate = the earlier crime rate alone.",
        "ranking": "Ranking", "method_col": "Method", "early": "Earlier periods", "late": "Later periods",
        "districts_n": "Districts", "validation_methods": {"index": "Index", "brottstakt": "Crime rate"},
        "goals_in_analysis": "Goals in the analysis",
        "mp": "Meeting places", "mp_intro": "The most exposed meeting places for {group}: crimes within {radius} m compared with the expected count from the surroundings within {ring} m.",
        "mp_caption": "The {n} most exposed meeting places ({group}).", "place": "Place", "type": "Type",
        "expected": "Expected", "peak_hour": "Peak hour", "peak_day": "Peak day",
        "mp_profile_alt": "Crimes by hour and weekday at {place}: most at {hour} o'clock and on {day}.",
        "hour": "Hour", "weekday": "Weekday", "mp_profile": "Time of day and weekday",
        "dq": "Data quality", "accounting": "Row accounting", "accounting_caption": "Rows per stage of the analysis.",
        "stage": "Stage", "rows": "Rows", "outcome": "Outcome", "reason": "Reason",
        "rejects": "Rejected rows", "rejects_caption": "Rejected rows by reason.",
        "duplicates": "Duplicates dropped: {n}.", "duplicates_none": "No duplicates dropped.",
        "duplicates_withheld": "Duplicates dropped: .. (withheld).",
        "geocoding": "Geocoding", "geocoding_caption": "Geocoded rows by match type.",
        "kind": "Kind", "key": "Key", "share": "Share",
        "period_coverage": "Period coverage", "coverage_text": "Data from {from} to {to} ({range}).",
        "incomplete_periods": "Incomplete periods: {periods}.", "no_incomplete": "All periods are complete.",
        "withheld": "Withheld values",
        "withheld_text": "Counts 1–{k} are not published (shown as ..) to protect individuals; a change over a "
                         "withheld value is shown as –. Of {of} cells of the crime table for this report's districts, "
                         "{cells} are withheld ({share}).",
        "warnings": "Messages from the engine",
        "all_periods": "all periods",
        "statistic_names": {"gistar": "Getis-Ord Gi*", "gi": "Getis-Ord Gi", "local_moran": "Local Moran (LISA)",
                            "moran": "Moran's I (global)"},
        "disclosure_labels": {"method": "Method", "suppress_below": "Suppressed below", "plan": "Plan",
                              "suppress": "suppression", "round": "rounding", "cell_key": "cell key"},
        "levels_labels": {"level": "Level", "table": "Table", "cells": "Cells", "published": "Published",
                          "share_published": "Share published", "recommend_share": "Recommended share published",
                          "recommended": "Recommended level", "plan": "Disclosure plan (engine's text)"},
        "population_year": "Population year", "population_source": "Stage",
        "levels_caption": "Published cells by reporting level.",
        "outcome_names": {"rejected": "rejected", "not_located": "not located", "outside": "outside"},
        "method": "Method", "definitions": "Definitions",
        "definitions_text": "Crimes per 1,000 inhabitants = recorded crimes in the period / population × 1,000. "
                            "Intervals of counts are exact 95% Poisson intervals (Garwood); intervals of ratios come "
                            "from the conditional binomial (Clopper–Pearson). Periods: {length}, latest complete "
                            "period {latest}. Numbers are rounded in the report: counts to integers, crimes per "
                            "1,000 to one decimal (two below 1), ratios to two decimals.",
        "catalogue": "Crime-code catalogue", "population_years": "Population years", "suppression": "Disclosure control",
        "suppression_text": "Counts 1–{k} are withheld, and further cells where they could otherwise be derived "
                            "(secondary suppression). The report shows only published values, the same as the GeoPackage.",
        "statistics": "Statistics and options", "statistic": "Statistic", "variable": "Variable",
        "value": "Value", "options": "Options",
        "levels": "Reporting levels",
        "left_out": "Sections not in the input and therefore not shown: {sections}.",
        "generated": "Made with Trygg {version}", "pipeline": "Pipeline",
        "page": "Page", "privacy_internal": "INTERNAL – not for publication",
        "yes": "yes", "no": "no", "none": "none",
        "period_length": {"half-year": "half-years", "year": "years", "quarter": "quarters", "month": "months"},
        "range": {"measured": "measured", "declared": "declared"},
        "all_districts": "all districts",
        "accounting_labels": {"stage": "Stage", "source": "Source", "rows": "Rows", "used": "Used",
                              "outside": "Outside", "not_located": "Not located", "rejected": "Rejected",
                              "balanced": "Balanced"},
    },
}


def lang_of(doc: dict) -> str:
    return "en" if doc.get("language") == "en" else "sv"


def group_name(gid: str, lang: str) -> str:
    return GROUPS[lang].get(gid, gid)


def sex_name(kon: str, lang: str) -> str:
    return SEXES[lang].get(kon, kon)


def age_name(band: str, lang: str) -> str:
    if band == "alla":
        return ALL[lang]
    if band == "okänd":
        return AGE_UNKNOWN[lang]
    if band.endswith("-"):
        return band[:-1] + "+" if lang == "en" else band[:-1] + "\u2013"
    return band.replace("-", "\u2013")


def goal_name(goal_id: str, lang: str) -> str:
    try:
        return GOALS[lang][int(str(goal_id).removeprefix("mal"))]
    except (ValueError, KeyError):
        return str(goal_id)
