"""Common Chinese person names, company names and enforcement applicants."""

from __future__ import annotations

import numpy as np

from xiansuo.synth.columns import SD, choose, join

__all__ = ["applicant_names", "company_names", "person_names"]

# The hundred most common surnames, most frequent first; the weights fall off like the
# real distribution so that a few surnames cover a large share of people.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤"
)
_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国东亮成文峰志兵洪春"
_FEMALE = "芳娜敏静丽艳娟霞秀玲桂英红梅琳燕萍雪婷慧莉兰琴云洁倩颖玉晶欣蓉佳琼婧璐丹岚媛"
# Share of one-character given names; they make same-name strangers common, as in reality.
_SINGLE = 0.35

_TRADE = "泰实达贸商建华鑫恒源盛兴隆发顺和利祥瑞丰宏信诚安德"
_SUFFIXES = ("有限公司", "有限责任公司", "商贸有限公司", "建筑工程有限公司", "科技有限公司")
_BANKS = ("中国农业银行股份有限公司", "中国建设银行股份有限公司", "四川天府银行股份有限公司")


def _surname_weights() -> np.ndarray:
    rank = np.arange(1, len(_SURNAMES) + 1)
    return 1.0 / rank**0.9


def person_names(rng: np.random.Generator, male: np.ndarray) -> np.ndarray:
    """A name per person: common surname plus one or two sex-typical given characters."""
    n = len(male)
    surname = choose(rng, list(_SURNAMES), _surname_weights(), n)
    first = np.where(male, _given(rng, _MALE, n), _given(rng, _FEMALE, n))
    second = np.where(male, _given(rng, _MALE, n), _given(rng, _FEMALE, n))
    second = np.where(rng.random(n) < _SINGLE, "", second)
    return join(surname, first.astype(SD), second.astype(SD))


def _given(rng: np.random.Generator, chars: str, n: int) -> np.ndarray:
    # Earlier characters are more popular.
    return choose(rng, list(chars), 1.0 / np.arange(1, len(chars) + 1) ** 0.5, n)


def company_names(rng: np.random.Generator, places: np.ndarray) -> np.ndarray:
    """Company names in the local style, e.g. 雨城区泰实有限公司."""
    n = len(places)
    even = [1] * len(_TRADE)
    trade = join(choose(rng, list(_TRADE), even, n), choose(rng, list(_TRADE), even, n))
    return join(places, trade, choose(rng, _SUFFIXES, [6, 3, 2, 2, 1], n))


def applicant_names(
    rng: np.random.Generator, people: np.ndarray, cities: np.ndarray, places: np.ndarray
) -> np.ndarray:
    """Applicants for enforcement: mostly private creditors, some banks and companies."""
    n = len(people)
    kind = rng.choice(3, size=n, p=[0.75, 0.1, 0.15])
    bank = join(choose(rng, _BANKS, [1, 1, 1], n), cities, "分行")
    return np.where(kind == 0, people, np.where(kind == 1, bank, company_names(rng, places)))
