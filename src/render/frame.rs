//! The words of the page frame (`base.html`: skip link, menu, footer, the
//! low-vision panel) in Russian and English, in one place. Every page gets
//! them in Russian as `site.frame`; the English investor page passes them in
//! English as `t` (see `investors::strings`), which `base.html` takes as
//! `frame` when it is there.

use std::collections::BTreeMap;

/// Key, Russian, English.
pub(super) const FRAME: &[(&str, &str, &str)] = &[
    (
        "skip_link",
        "Перейти к основному содержанию",
        "Skip to main content",
    ),
    ("main_menu", "Главное меню", "Main menu"),
    ("nav_home", "Главная", "Home"),
    ("nav_roadmap", "Дорожная карта", "Roadmap"),
    ("nav_executors", "Исполнители", "Executors"),
    ("nav_infrastructure", "Инфраструктура", "Infrastructure"),
    ("nav_investors", "Инвесторам", "For investors"),
    ("nav_opendata", "Открытые данные", "Open data"),
    ("nav_sitemap", "Карта сайта", "Site map"),
    ("breadcrumbs", "Навигационная цепочка", "Breadcrumbs"),
    ("as_of", "Данные актуальны на", "Data as of"),
    ("operator", "Оператор портала:", "Portal operator:"),
    ("email", "Почта:", "Email:"),
    ("phone", ", телефон:", ", phone:"),
    (
        "operator_demo",
        "Контакты приведены для демонстрации.",
        "The contacts are shown for demonstration.",
    ),
    ("to_home", "На главную", "Home page"),
    ("nav_news", "Новости", "News"),
    ("nav_documents", "Документы", "Documents"),
    ("nav_search", "Поиск", "Search"),
    ("modified", "Изменено", "Last changed"),
    ("lv_on", "Версия для слабовидящих", "Low-vision version"),
    ("lv_off", "Обычная версия сайта", "Standard version"),
    ("lv_size", "Размер шрифта", "Font size"),
    ("lv_large", "крупный", "large"),
    ("lv_larger", "очень крупный", "very large"),
    ("lv_scheme", "Цвета", "Colours"),
    ("lv_white", "чёрным по белому", "black on white"),
    ("lv_black", "белым по чёрному", "white on black"),
    (
        "lv_blue",
        "тёмно-синим по голубому",
        "dark blue on light blue",
    ),
    ("lv_spacing", "Интервал между буквами", "Letter spacing"),
    ("lv_normal", "обычный", "normal"),
    ("lv_wide", "увеличенный", "wide"),
    ("lv_wider", "большой", "extra wide"),
    ("lv_images", "Изображения", "Images"),
    ("lv_images_on", "показывать", "show"),
    ("lv_images_off", "не показывать", "hide"),
];

/// The frame's words in Russian, by key.
pub(super) fn russian() -> BTreeMap<&'static str, &'static str> {
    FRAME.iter().map(|&(key, ru, _)| (key, ru)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word `base.html` shows (`frame.key`) is in the frame's dictionary,
    /// in both languages, and no key is there twice.
    #[test]
    fn the_frame_has_every_word_base_html_shows() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/templates/base.html"
        );
        let base = std::fs::read_to_string(path).unwrap();
        let mut found = 0;
        for (i, _) in base.match_indices("frame.") {
            let preceded = base[..i].chars().next_back();
            if preceded.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let key: String = base[i + 6..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if ["as_of_text", "modified_text"].contains(&key.as_str()) {
                continue; // dates: the English page sets them, others fall back
            }
            found += 1;
            let entry = FRAME.iter().find(|(k, _, _)| *k == key);
            assert!(
                entry.is_some_and(|(_, ru, en)| !ru.is_empty() && !en.is_empty()),
                "frame.{key} of base.html is not in the dictionary"
            );
        }
        assert!(found > 10, "no frame.* lookups found in base.html");
        assert_eq!(russian().len(), FRAME.len(), "a key is in FRAME twice");
    }
}
