// kadry serve: reloads this tab after each rebuild, and shows the build's
// warnings in a panel at the top of the page until the editor hides it
// (hidden for this tab until the warnings change). Preview only: `kadry
// build` never publishes this script.
(function () {
  'use strict';
  var build = document.currentScript.dataset.build;
  new EventSource('/__kadry/events').addEventListener('reload', function (e) {
    if (e.data !== build) location.reload();
  });

  var HIDDEN = 'kadry-serve-warnings-hidden';

  function isHidden(id) {
    try {
      return sessionStorage.getItem(HIDDEN) === id;
    } catch (e) {
      return false;
    }
  }

  function rememberHidden(id) {
    try {
      sessionStorage.setItem(HIDDEN, id);
    } catch (e) {
      // storage disabled: hidden until the next reload only
    }
  }

  // Text from the content goes in as text, never as markup.
  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function item(w) {
    var li = element('li');
    li.appendChild(element('p', 'kadry-serve-warnings__place', w.place));
    li.appendChild(element('p', null, w.message));
    if (w.hint) li.appendChild(element('p', null, 'Подсказка: ' + w.hint));
    return li;
  }

  function panel(data) {
    var section = element('section', 'kadry-serve-warnings');
    section.lang = 'ru';
    section.setAttribute('aria-labelledby', 'kadry-serve-warnings-title');
    var inner = element('div', 'kadry-serve-warnings__inner');
    var head = element('div', 'kadry-serve-warnings__head');
    var title = element('h2', null, 'Предупреждения: ' + data.warnings.length);
    title.id = 'kadry-serve-warnings-title';
    var button = element('button', null, 'Скрыть');
    button.type = 'button';
    button.setAttribute('aria-describedby', 'kadry-serve-warnings-title');
    button.addEventListener('click', function () {
      rememberHidden(data.id);
      section.parentNode.removeChild(section);
    });
    head.appendChild(title);
    head.appendChild(button);
    inner.appendChild(head);
    inner.appendChild(element('p', null,
      'Сайт собран, но эти места стоит исправить (их же называет kadry check). '
      + 'Панель видна только в предпросмотре.'));
    var list = element('ol');
    data.warnings.forEach(function (w) { list.appendChild(item(w)); });
    inner.appendChild(list);
    section.appendChild(inner);
    return section;
  }

  // At the top of the page, after the skip link if there is one.
  function place(section) {
    var body = document.body;
    var skip = body.querySelector(':scope > .skip-link');
    body.insertBefore(section, skip ? skip.nextSibling : body.firstChild);
  }

  function show(data) {
    if (!data || !data.warnings || !data.warnings.length || isHidden(data.id)) return;
    var css = element('link');
    css.rel = 'stylesheet';
    css.href = '/__kadry/warnings.css';
    css.addEventListener('load', function () { place(panel(data)); });
    document.head.appendChild(css);
  }

  fetch('/__kadry/warnings', { cache: 'no-store' })
    .then(function (r) { return r.json(); })
    .then(show)
    .catch(function () {});
})();
