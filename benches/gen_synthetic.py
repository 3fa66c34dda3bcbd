#!/usr/bin/env python3
"""Deterministic synthetic portal for benchmarking kadry.

    benches/gen_synthetic.py OUT_DIR --measures N --reports R [--seed S]

Writes, in kadry's own content format (see README.md, "Content"):

    OUT_DIR/kadry.toml
    OUT_DIR/themes/                       copied from the repository
    OUT_DIR/content/roadmap/_index.md
    OUT_DIR/content/roadmap/NN/_index.md  15 sections
    OUT_DIR/content/roadmap/NN/N.M.md     N measures, spread round-robin
    OUT_DIR/content/organizations.toml    20 organisations, every kind
    OUT_DIR/content/reports/N.M/YYYY-MM-DD-slug.md   R reports per measure

Report bodies are Russian Markdown of 2-6 KB (UTF-8 bytes) with headings
from `##`, lists, tables with header rows, emphasis and links; links only
lead to pages that exist (`/roadmap/S/S.M/` of generated measures and
`/executors/<id>/` of the measure's executors), because the build fails on
broken links. No raw HTML.

The same arguments always give the same bytes (fixed seed, Python 3 stdlib
only). HTML pages built from it: about
    N + N*R + 15 sections + 21 executor pages + ~20 fixed pages,
so R=4 with N=200, 2000, 10000 gives about 1k, 10k and 50k pages.
"""

import argparse
import os
import random
import shutil
import sys

SECTIONS = 15

# id, name, short_name, kind: every kind kadry knows (model.rs)
ORGS = [
    ("deputy-governor-a", "Заместитель Губернатора области А.А. Первый", "Заместитель Губернатора А.А. Первый", "deputy_governor"),
    ("deputy-governor-b", "Заместитель Губернатора области Б.Б. Второй", "Заместитель Губернатора Б.Б. Второй", "deputy_governor"),
    ("dep-education", "Департамент области по образованию и науке", "Департамент по образованию и науке", "department"),
    ("dep-investment", "Департамент инвестиционного развития области", "Департамент инвестиционного развития", "department"),
    ("dep-economy", "Департамент экономического развития области", "Департамент экономического развития", "department"),
    ("dep-employment", "Департамент государственной службы занятости населения области", "Департамент занятости населения", "department"),
    ("dep-budget", "Департамент бюджета и финансов области", "Департамент бюджета и финансов", "department"),
    ("dep-internal-policy", "Департамент внутренней политики области", "Департамент внутренней политики", "department"),
    ("dep-it", "Департамент цифрового развития области", "Департамент цифрового развития", "department"),
    ("dep-industry", "Департамент промышленности и торговли области", "Департамент промышленности", "department"),
    ("working-group", "Региональная рабочая группа по внедрению Стандарта", "Рабочая группа", "working_group"),
    ("economy-council", "Совет по экономическому развитию и инвестициям при Губернаторе области", "Совет по экономическому развитию", "council"),
    ("rkc", "Региональный координационный центр", "Координационный центр", "coordination_centre"),
    ("poo", "Профессиональные образовательные организации области", "Колледжи и техникумы", "educational"),
    ("oovo", "Образовательные организации высшего образования области", "Вузы", "educational"),
    ("enterprises", "Предприятия — участники внедрения Стандарта", "Предприятия", "employers"),
    ("opk-chairs", "Председатели советов предприятий оборонно-промышленного комплекса", "Советы предприятий ОПК", "employers"),
    ("delovaya-rossiya", "Региональное отделение «Деловой России»", "«Деловая Россия»", "employers"),
    ("industry-union", "Союз промышленников и предпринимателей области", "Союз промышленников", "union"),
    ("culture-health", "Учреждения культуры и здравоохранения области", "Учреждения культуры и здравоохранения", "other"),
]

PHASES = ["Проектирование", "Реализация", "Оценка", "Оценка качества"]
STATUSES = ["done", "in_progress", "delayed", "not_started", "cancelled"]
STATUS_WEIGHTS = [30, 40, 15, 10, 5]
MONTHS = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль",
          "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"]

NOUNS = (
    "кадры потребность прогноз колледж техникум мастерская лаборатория "
    "оборудование программа обучение практика наставник выпускник студент "
    "предприятие работодатель площадка модернизация инвентаризация методика "
    "перечень профессия специальность компетенция стандарт показатель отчёт "
    "мониторинг анкетирование совещание договор соглашение финансирование "
    "бюджет субсидия конкурс чемпионат экзамен аттестация квалификация "
    "стажировка тренажёр направление отрасль округ район муниципалитет "
    "заявка реестр портал сведения результат этап решение комиссия"
).split()
ADJS = (
    "региональный областной кадровый профессиональный дополнительный "
    "сетевой современный производственный инженерный рабочий цифровой "
    "промышленный приоритетный ежегодный плановый учебный отраслевой "
    "межведомственный новый базовый"
).split()
VERBS = (
    "подготовлен утверждён согласован проведён обновлён завершён начат "
    "рассмотрен опубликован направлен принят сформирован проверен учтён"
).split()
ADVS = (
    "своевременно полностью частично дополнительно повторно ежеквартально "
    "впервые совместно оперативно планомерно"
).split()
LINK_TEXTS = [
    "мероприятие {id}", "мероприятию {id}", "по мероприятию {id}",
    "отчётам мероприятия {id}", "смежное мероприятие {id}",
]
TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m",
     "n", "o", "p", "r", "s", "t", "u", "f", "h", "c", "ch", "sh", "sch",
     "", "y", "", "e", "yu", "ya"],
))


def translit(text):
    out = []
    for ch in text.lower():
        if ch in TRANSLIT:
            out.append(TRANSLIT[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
        else:
            out.append("-")
    slug = "-".join(p for p in "".join(out).split("-") if p)
    return slug[:40].strip("-") or "otchet"


def q(text):
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def words(self, n):
        r = self.r
        out = []
        for _ in range(n):
            pick = r.random()
            if pick < 0.55:
                out.append(r.choice(NOUNS))
            elif pick < 0.8:
                out.append(r.choice(ADJS))
            elif pick < 0.92:
                out.append(r.choice(VERBS))
            else:
                out.append(r.choice(ADVS))
        return out

    def sentence(self, lo=6, hi=16):
        w = self.words(self.r.randint(lo, hi))
        w[0] = w[0].capitalize()
        return " ".join(w) + "."

    def title(self, lo=5, hi=12):
        w = self.words(self.r.randint(lo, hi))
        w[0] = w[0].capitalize()
        return " ".join(w)

    def emphasised(self, text):
        """Puts emphasis on one or two words of a sentence."""
        w = text.split(" ")
        if len(w) < 4:
            return text
        i = self.r.randrange(1, len(w) - 2)
        mark = self.r.choice(["*", "**"])
        w[i] = f"{mark}{w[i]}{mark}"
        return " ".join(w)

    def link(self, measures, executors):
        r = self.r
        if executors and r.random() < 0.3:
            org = r.choice(executors)
            return f"[{ORG_SHORT[org].lower()}](/executors/{org}/)"
        sec, mid = r.choice(measures)
        text = r.choice(LINK_TEXTS).format(id=mid)
        return f"[{text}](/roadmap/{sec}/{mid}/)"

    def paragraph(self, measures, executors):
        r = self.r
        parts = []
        for _ in range(r.randint(2, 5)):
            s = self.sentence()
            if r.random() < 0.3:
                s = self.emphasised(s)
            parts.append(s)
        if r.random() < 0.6:
            s = self.sentence(4, 8)[:-1]
            parts.append(f"{s}: {self.link(measures, executors)}.")
        return " ".join(parts)

    def bullet_list(self, measures, executors):
        r = self.r
        ordered = r.random() < 0.3
        items = []
        for i in range(r.randint(3, 7)):
            text = self.sentence(3, 9)[:-1]
            if r.random() < 0.2:
                text = self.emphasised(text)
            if r.random() < 0.15:
                text += " — " + self.link(measures, executors)
            items.append((f"{i + 1}. " if ordered else "- ") + text + ";")
        items[-1] = items[-1][:-1] + "."
        return "\n".join(items)

    def table(self):
        r = self.r
        cols = r.randint(2, 4)
        head = [self.words(1)[0].capitalize() for _ in range(cols - 1)]
        rows = ["| Показатель | " + " | ".join(head) + " |",
                "| --- |" + " ---: |" * (cols - 1)]
        for _ in range(r.randint(3, 8)):
            name = " ".join(self.words(r.randint(2, 4))).capitalize()
            cells = [str(r.randint(0, 500)) for _ in range(cols - 1)]
            rows.append(f"| {name} | " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def body(self, target_bytes, measures, executors):
        """Markdown of about `target_bytes` UTF-8 bytes."""
        r = self.r
        blocks = [self.paragraph(measures, executors)]
        size = len(blocks[0].encode())
        level = 1  # no heading yet: the first one is `##`
        while size < target_bytes:
            pick = r.random()
            if pick < 0.15:
                # a subsection (###) only under a section (##)
                level = 3 if level >= 2 and r.random() < 0.4 else 2
                block = "#" * level + " " + self.title(2, 5)
            elif pick < 0.55:
                block = self.paragraph(measures, executors)
            elif pick < 0.8:
                block = self.bullet_list(measures, executors)
            else:
                block = self.table()
            blocks.append(block)
            size += len(block.encode()) + 2
        return "\n\n".join(blocks) + "\n"


ORG_SHORT = {o[0]: o[2] for o in ORGS}


def deadline(r):
    """(deadline, deadline_text) as the real roadmap writes them."""
    y = r.randint(2018, 2026)
    m = r.randint(1, 12)
    kind = r.random()
    if kind < 0.6:
        return f"{y}-{m:02d}", f"{MONTHS[m - 1]} {y}"
    if kind < 0.8:
        m2 = r.randint(m, 12)
        return (f"{y}-{m:02d}/{y}-{m2:02d}",
                f"{MONTHS[m - 1]} – {MONTHS[m2 - 1].lower()} {y}")
    if kind < 0.9:
        return f"{y}", f"{y} год"
    return f"{y}/{y + 1}", f"{y}–{y + 1} годы"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def generate(out, n_measures, n_reports, seed, themes):
    g = Gen(seed)
    r = g.r
    content = os.path.join(out, "content")
    if os.path.exists(out):
        sys.exit(f"{out} already exists; remove it or choose another folder")
    os.makedirs(content)

    write(os.path.join(out, "kadry.toml"),
          'title = "Кадры для роста: синтетический портал"\n'
          'description = "Синтетический портал для замеров скорости kadry."\n'
          'base_url = "https://kadry.example.org/"\n\n'
          '[operator]\n'
          'name = "Департамент инвестиционного развития области"\n'
          'email = "kadry@example.org"\n'
          'demo = true\n')
    if themes:
        shutil.copytree(themes, os.path.join(out, "themes"))

    write(os.path.join(content, "organizations.toml"), "\n".join(
        f"[[organization]]\nid = {q(i)}\nname = {q(n)}\nshort_name = {q(s)}\nkind = {q(k)}\n"
        for i, n, s, k in ORGS))

    write(os.path.join(content, "roadmap", "_index.md"),
          '+++\ntitle = "Дорожная карта внедрения регионального стандарта '
          'кадрового обеспечения (синтетическая)"\n+++\n')
    for s in range(1, SECTIONS + 1):
        write(os.path.join(content, "roadmap", f"{s:02d}", "_index.md"),
              "+++\n"
              f"id = {q(str(s))}\n"
              f"title = {q('Мероприятия по положению ' + str(s) + ' «' + g.title(4, 8) + '»')}\n"
              f"position = {s}\n"
              f"position_title = {q(g.title(4, 8))}\n"
              f"key_result = {q(g.sentence(10, 20))}\n"
              "+++\n")

    # measures round-robin over the sections: (section, id)
    measures = []
    for i in range(n_measures):
        s = i % SECTIONS + 1
        measures.append((s, f"{s}.{i // SECTIONS + 1}"))
    org_ids = [o[0] for o in ORGS]
    responsible = {}
    for s, mid in measures:
        orgs = r.sample(org_ids, r.choice([1, 1, 1, 2, 2, 3, 4]))
        responsible[mid] = orgs
        dl, dl_text = deadline(r)
        docs = [g.title(4, 10) for _ in range(r.randint(0, 3))]
        lines = [
            "+++",
            f"id = {q(mid)}",
            f"title = {q(g.title(8, 24))}",
            f"key_result = {q(g.sentence(10, 30))}",
            f"deadline = {q(dl)}",
            f"deadline_text = {q(dl_text)}",
        ]
        if r.random() < 0.03:
            lines.append("ongoing = true")
        if r.random() < 0.45:
            lines.append(f"phase = {q(r.choice(PHASES))}")
        lines.append("responsible = [" + ", ".join(q(o) for o in orgs) + "]")
        lines.append(f"responsible_text = {q('; '.join(dict((o[0], o[1]) for o in ORGS)[o] for o in orgs))}")
        if docs:
            lines.append("documents = [" + ", ".join(q(d) for d in docs) + "]")
        lines.append("+++")
        write(os.path.join(content, "roadmap", f"{s:02d}", f"{mid}.md"),
              "\n".join(lines) + "\n")

    for s, mid in measures:
        orgs = responsible[mid]
        # dates ascending within a measure, between 2018-06 and 2026-11
        days = sorted(r.sample(range(0, 8 * 365 + 150), n_reports))
        final = None
        for k, day in enumerate(days):
            y, rest = 2018 + (day + 150) // 365, (day + 150) % 365
            m, d = min(rest // 30 + 1, 12), min(rest % 30 + 1, 28)
            date = f"{y}-{m:02d}-{d:02d}"
            title = g.title(4, 10)
            slug = f"{date}-{k + 1}-{translit(title)}"
            status = r.choices(STATUSES, STATUS_WEIGHTS)[0]
            # a finished measure stays finished: reopening one is a warning
            if final:
                status = final
            elif status in ("done", "cancelled"):
                final = status
            body = g.body(r.randint(2048, 6144), measures, orgs)
            write(os.path.join(content, "reports", mid, slug + ".md"),
                  "+++\n"
                  f"measure = {q(mid)}\n"
                  f"date = {date}\n"
                  f"status = {q(status)}\n"
                  f"title = {q(title)}\n"
                  f"author = {q(r.choice(orgs))}\n"
                  "demo = true\n"
                  "+++\n\n" + body)

    pages = n_measures + n_measures * n_reports + SECTIONS + len(ORGS) + 1
    print(f"{out}: {n_measures} measures, {n_measures * n_reports} reports; "
          f"about {pages} + ~20 fixed HTML pages")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="folder to create (must not exist)")
    ap.add_argument("--measures", type=int, required=True)
    ap.add_argument("--reports", type=int, required=True, help="reports per measure")
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--themes", default=os.path.join(here, "..", "themes"),
                    help="themes folder to copy (default: the repository's); '' to skip")
    a = ap.parse_args()
    if a.measures < 1 or a.reports < 0:
        sys.exit("--measures must be >= 1 and --reports >= 0")
    generate(a.out, a.measures, a.reports, a.seed, a.themes)


if __name__ == "__main__":
    main()
