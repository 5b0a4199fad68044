"""Real Sichuan GB/T 2260 divisions and the courts that sit in them."""

from __future__ import annotations

import numpy as np

from xiansuo.graph_loader.case_number import PROVINCE_CODES
from xiansuo.synth.columns import SD

__all__ = ["DIVISIONS", "PROVINCE", "Geography", "court_code", "court_name"]

_PROVINCE_CODE = 510000
# The court-code abbreviation whose region prefix is Sichuan's 51.
PROVINCE = next(k for k, v in PROVINCE_CODES.items() if v == str(_PROVINCE_CODE)[:2])

# (code, name); a code ending in 00 is a city, 0000 the province. Real GB/T 2260 codes.
DIVISIONS: tuple[tuple[int, str], ...] = (
    (510000, "四川省"),
    (510100, "成都市"), (510104, "锦江区"), (510105, "青羊区"), (510106, "金牛区"),
    (510107, "武侯区"), (510108, "成华区"), (510112, "龙泉驿区"), (510113, "青白江区"),
    (510114, "新都区"), (510115, "温江区"), (510116, "双流区"), (510117, "郫都区"),
    (510118, "新津区"), (510121, "金堂县"), (510129, "大邑县"), (510131, "蒲江县"),
    (510181, "都江堰市"), (510182, "彭州市"), (510183, "邛崃市"), (510184, "崇州市"),
    (510185, "简阳市"),
    (510300, "自贡市"), (510302, "自流井区"), (510303, "贡井区"), (510304, "大安区"),
    (510311, "沿滩区"), (510321, "荣县"), (510322, "富顺县"),
    (510500, "泸州市"), (510502, "江阳区"), (510503, "纳溪区"), (510504, "龙马潭区"),
    (510521, "泸县"), (510522, "合江县"), (510524, "叙永县"), (510525, "古蔺县"),
    (510700, "绵阳市"), (510703, "涪城区"), (510704, "游仙区"), (510705, "安州区"),
    (510722, "三台县"), (510723, "盐亭县"), (510725, "梓潼县"), (510726, "北川羌族自治县"),
    (510727, "平武县"), (510781, "江油市"),
    (511100, "乐山市"), (511102, "市中区"), (511111, "沙湾区"), (511112, "五通桥区"),
    (511113, "金口河区"), (511123, "犍为县"), (511124, "井研县"), (511126, "夹江县"),
    (511129, "沐川县"), (511132, "峨边彝族自治县"), (511133, "马边彝族自治县"),
    (511181, "峨眉山市"),
    (511300, "南充市"), (511302, "顺庆区"), (511303, "高坪区"), (511304, "嘉陵区"),
    (511321, "南部县"), (511322, "营山县"), (511323, "蓬安县"), (511324, "仪陇县"),
    (511325, "西充县"), (511381, "阆中市"),
    (511800, "雅安市"), (511802, "雨城区"), (511803, "名山区"), (511822, "荥经县"),
    (511823, "汉源县"), (511824, "石棉县"), (511825, "天全县"), (511826, "芦山县"),
    (511827, "宝兴县"),
)  # fmt: skip

_NAMES = dict(DIVISIONS)
# The provincial capital's districts are far more populous than the rest.
_POPULOUS_CITY = 510100
_POPULOUS_WEIGHT = 3.0


def _is_city(code: int) -> bool:
    return code % 100 == 0 and code != _PROVINCE_CODE


def _city_of(code: int) -> int:
    return code - code % 100


def court_code(region: int) -> str:
    """Court code in case numbers: 川 + last four digits (basic) or middle two (intermediate)."""
    digits = str(region)
    return PROVINCE + (digits[2:4] if _is_city(region) else digits[2:6])


def court_name(region: int) -> str:
    """Court name: 雅安市雨城区人民法院, 江油市人民法院 (county-level city), 雅安市中级人民法院."""
    if _is_city(region):
        return f"{_NAMES[region]}中级人民法院"
    name = _NAMES[region]
    if name.endswith("市"):
        return f"{name}人民法院"
    return f"{_NAMES[_city_of(region)]}{name}人民法院"


class Geography:
    """The counties people live in and the courts serving them, as index-aligned arrays."""

    def __init__(self) -> None:
        self.counties = np.array([c for c, _ in DIVISIONS if c % 100 != 0], dtype=np.int64)
        self.cities = self.counties - self.counties % 100
        self.county_names = np.array([_NAMES[int(c)] for c in self.counties], dtype=SD)
        self.city_names = np.array([_NAMES[int(c)] for c in self.cities], dtype=SD)
        weight = np.where(self.cities == _POPULOUS_CITY, _POPULOUS_WEIGHT, 1.0)
        self.weights = weight / weight.sum()  # probability of living in each county

    def rows(self) -> list[dict[str, str]]:
        """The regions table: province, cities, counties in code order."""
        out = []
        for code, name in sorted(DIVISIONS):
            if code == _PROVINCE_CODE:
                parent, level = "", "省"
            elif _is_city(code):
                parent, level = str(_PROVINCE_CODE), "市"
            else:
                parent, level = str(_city_of(code)), "县"
            out.append({"区划代码": str(code), "名称": name, "上级代码": parent, "级别": level})
        return out
