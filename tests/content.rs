//! The shipped content is the whole real roadmap, verbatim.
//! Expected strings below are copied from the seed table
//! (shared/seeds/000_98f10b98ffc3dee8.txt).

mod common;

use common::{date, repo};

fn roadmap() -> kadry::model::Roadmap {
    match kadry::load_site(&repo(), date("2026-11-26")) {
        Ok((_, r)) => r,
        Err(e) => panic!("shipped content does not load: {e:?}"),
    }
}

#[test]
fn fifteen_sections_and_74_measures() {
    let r = roadmap();
    assert_eq!(r.sections.len(), 15);
    assert_eq!(r.measures().count(), 74);
    let ids: Vec<&str> = r.sections.iter().map(|s| s.id.as_str()).collect();
    let expected: Vec<String> = (1..=15).map(|n| n.to_string()).collect();
    assert_eq!(ids, expected);
    let twelve = &r.sections[11];
    assert!(twelve.measures.is_empty());
    assert!(twelve.body.contains("отражены в разделах 8 и 9"));
    // Measures are ordered numerically within sections.
    let eight: Vec<&str> = r.sections[7]
        .measures
        .iter()
        .map(|m| m.id.as_str())
        .collect();
    assert_eq!(eight.last(), Some(&"8.15"));
    assert_eq!(eight[9], "8.10");
}

#[test]
fn verbatim_spot_checks() {
    let r = roadmap();
    let m = r.measure("1.1").unwrap();
    assert_eq!(
        m.title,
        "Формирование рабочей группы (проектного офиса) по внедрению Стандарта (далее – рабочая группа)"
    );
    assert_eq!(
        m.key_result,
        "Создана площадка рабочего взаимодействия органов исполнительной власти для реализации проекта внедрения Стандарта"
    );
    assert_eq!(m.deadline_text, "Июль- август 2018");
    assert_eq!(m.deadline.to_string(), "2018-07/2018-08");
    assert_eq!(
        m.documents,
        ["Распоряжение Администрации Смоленской области"]
    );
    let lead = r.organization(&m.responsible[0]).unwrap();
    assert_eq!(
        lead.name,
        "Заместитель Губернатора Смоленской области О.В. Лобода"
    );

    let m = r.measure("15.2").unwrap();
    assert_eq!(
        m.title,
        "Создание и актуализации раздела по кадровому обеспечению на информационных порталах работы с инвесторами"
    );
    assert_eq!(
        m.responsible_text.as_deref(),
        Some("- Департамент инвестиционного развития Смоленской области; - Департамент Смоленской области по образованию и науке")
    );
    assert_eq!(m.deadline.to_string(), "2018-12");

    let m = r.measure("9.4").unwrap();
    assert_eq!(m.deadline_text, "Сентябрь 2019");
    assert_eq!(
        m.documents.join(" "),
        "Договор о прохождении стажировки/практики Учебный план Справки от работодателя Листы оценки промежуточных и итоговых результатов освоения образовательных программ"
    );

    let m = r.measure("2.4").unwrap();
    assert_eq!(m.title, "Актуализация списка профессий ТОП- регион");
    assert_eq!(m.deadline_text, "Ноябрь 2018, ноябрь 2019");

    // The measure repaired from the stray "0.5." row.
    let m = r.measure("6.5").unwrap();
    assert!(m
        .title
        .starts_with("Доведение результатов прогноза потребности в кадрах"));
    assert_eq!(m.deadline_text, "Февраль 2019");
    assert!(r.measure("0.5").is_none());

    let m = r.measure("1.7").unwrap();
    assert!(m.ongoing);
    assert_eq!(m.deadline_text, "Август 2018, далее - постоянно");
    assert_eq!(m.deadline.to_string(), "2018-08");
}

#[test]
fn phases_where_the_source_has_them() {
    let r = roadmap();
    assert_eq!(
        r.measure("7.1").unwrap().phase.as_deref(),
        Some("Проектирование")
    );
    assert_eq!(
        r.measure("7.2").unwrap().phase.as_deref(),
        Some("Реализация")
    );
    assert_eq!(
        r.measure("7.6").unwrap().phase.as_deref(),
        Some("Оценка качества")
    );
    assert_eq!(r.measure("1.1").unwrap().phase, None);
}

#[test]
fn every_executor_once_and_used() {
    let r = roadmap();
    let mut names: Vec<&str> = r.organizations.iter().map(|o| o.name.as_str()).collect();
    names.sort();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "an organisation is listed twice");
    for o in &r.organizations {
        assert!(!o.measures.is_empty(), "{} answers for no measure", o.id);
    }
}
