//! Who runs the portal, from `[operator]` in `kadry.toml`: the contacts every
//! footer shows and the open-data passports' publisher.
//!
//! The methodology for open data names each set `<ИНН>-<код>` after its
//! owner's INN and wants the responsible person and a phone in every
//! passport, so a portal that is not a demonstration must give all three;
//! a demonstration gets marked placeholders instead.

use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The INN a demonstration portal's open data is published under: no
/// organisation's (no region has the code 00), so it cannot be mistaken for one.
pub const DEMO_INN: &str = "0000000000";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    /// The organisation's INN (10 digits): the first part of every
    /// open-data identifier.
    #[serde(default)]
    pub inn: String,
    /// Who answers for the open data, by name: the passports' `publishername`.
    #[serde(default)]
    pub responsible: String,
    /// The contacts are placeholders, not the real operator's.
    #[serde(default)]
    pub demo: bool,
}

impl Operator {
    /// The INN the open data is published under: the one given, or on a
    /// demonstration portal that gives none, [`DEMO_INN`].
    pub fn inn(&self) -> &str {
        if self.inn.is_empty() && self.demo {
            DEMO_INN
        } else {
            &self.inn
        }
    }

    /// The responsible person for the passports; on a demonstration portal
    /// that names nobody, a placeholder that says so.
    pub fn responsible(&self) -> &str {
        if self.responsible.is_empty() && self.demo {
            "не назначено (демонстрационный портал)"
        } else {
            &self.responsible
        }
    }

    /// The phone for the passports, with the same placeholder rule.
    pub fn phone(&self) -> &str {
        if self.phone.is_empty() && self.demo {
            "не указан (демонстрационный портал)"
        } else {
            &self.phone
        }
    }

    /// What is wrong with the operator's settings: a malformed INN, and on a
    /// portal that is not a demonstration, each of the INN, the responsible
    /// person and the phone left out. `at` points a diagnostic at the line
    /// of a key of `[operator]` (or of the table itself, for a missing key).
    pub(super) fn check(
        &self,
        at: impl Fn(Diagnostic, Option<&str>) -> Diagnostic,
    ) -> Vec<Diagnostic> {
        let path = Path::new(super::FILE_NAME);
        let mut found = Vec::new();
        if !self.inn.is_empty() {
            if let Err(reason) = check_inn(&self.inn, self.demo) {
                found.push(at(
                    Diagnostic::error(
                        path,
                        format!("inn «{}» — не ИНН организации: {reason}", self.inn),
                        "перепишите ИНН оператора из выписки ЕГРЮЛ: 10 цифр в кавычках, inn = \"…\"",
                    ),
                    Some("inn"),
                ));
            }
        }
        if self.demo {
            return found;
        }
        let required = [
            (&self.inn, "inn", "ИНН оператора", "с него начинается идентификатор каждого набора открытых данных (<ИНН>-<код>)"),
            (&self.responsible, "responsible", "ответственное лицо", "фамилия, имя и отчество того, кто отвечает за открытые данные, — поле publishername в паспортах наборов"),
            (&self.phone, "phone", "телефон", "телефон ответственного лица — поле publisherphone в паспортах наборов"),
        ];
        for (value, key, what, why) in required {
            if value.trim().is_empty() {
                found.push(at(
                    Diagnostic::error(
                        path,
                        format!("в разделе [operator] не указано поле {key} ({what})"),
                        format!("{why}; пока контакты не известны, поставьте demo = true"),
                    ),
                    None,
                ));
            }
        }
        found
    }
}

/// Why `inn` is no organisation's INN: ten digits, the last a check digit
/// over the others, the first two a region's code (never 00, which
/// only [`DEMO_INN`] has, and only on a demonstration portal).
fn check_inn(inn: &str, demo: bool) -> Result<(), String> {
    if inn == DEMO_INN && demo {
        return Ok(());
    }
    let digits: Vec<u32> = inn.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != inn.chars().count() {
        return Err("в ИНН должны быть только цифры".into());
    }
    if digits.len() == 12 {
        return Err("12 цифр — ИНН физического лица, а нужен ИНН организации (10 цифр)".into());
    }
    if digits.len() != 10 {
        return Err(format!(
            "в ИНН организации 10 цифр, а здесь {}",
            digits.len()
        ));
    }
    if digits[..2] == [0, 0] {
        return Err(
            "код региона 00 бывает только у демонстрационного портала (demo = true)".into(),
        );
    }
    const WEIGHTS: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    let sum: u32 = WEIGHTS.iter().zip(&digits).map(|(w, d)| w * d).sum();
    if sum % 11 % 10 != digits[9] {
        return Err("не сходится контрольная (последняя) цифра: вероятно, опечатка".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inn_is_ten_digits_with_its_check_digit() {
        // the check digit of 770000000_ is (7*2 + 7*4) % 11 % 10 = 9
        assert_eq!(check_inn("7700000009", false), Ok(()));
        assert_eq!(check_inn("0000000000", true), Ok(()));
        for (inn, why) in [
            ("7700000008", "контрольная"),
            ("77000000", "здесь 8"),
            ("770000000009", "физического лица"),
            ("77-0000009", "только цифры"),
            ("0000000000", "demo = true"),
        ] {
            let reason = check_inn(inn, false).unwrap_err();
            assert!(reason.contains(why), "{inn}: {reason}");
        }
    }

    fn operator(inn: &str, responsible: &str, phone: &str, demo: bool) -> Operator {
        Operator {
            name: "Департамент".into(),
            email: "d@example.org".into(),
            phone: phone.into(),
            address: String::new(),
            inn: inn.into(),
            responsible: responsible.into(),
            demo,
        }
    }

    fn messages(op: &Operator) -> Vec<String> {
        op.check(|d, _| d).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn a_real_portal_names_its_inn_responsible_person_and_phone() {
        assert_eq!(
            messages(&operator("", "", "", false)),
            [
                "в разделе [operator] не указано поле inn (ИНН оператора)",
                "в разделе [operator] не указано поле responsible (ответственное лицо)",
                "в разделе [operator] не указано поле phone (телефон)",
            ]
        );
        assert!(messages(&operator(
            "7700000009",
            "Иванов Иван Иванович",
            "+7 4812 000000",
            false
        ))
        .is_empty());
    }

    #[test]
    fn a_demonstration_gets_marked_placeholders() {
        let op = operator("", "", "", true);
        assert!(messages(&op).is_empty());
        assert_eq!(op.inn(), DEMO_INN);
        assert!(op.responsible().contains("демонстрационный"));
        assert!(op.phone().contains("демонстрационный"));
        // a malformed INN is refused on a demonstration too
        assert_eq!(messages(&operator("123", "", "", true)).len(), 1);
    }
}
