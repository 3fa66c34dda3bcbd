// What every page runs in <head>.
//
// The version for visually impaired readers (ГОСТ Р 52872-2019): larger
// text, high-contrast colour schemes, wider letter spacing, no decorative
// images. Settings live in localStorage, so they follow the reader from page
// to page; the script runs in <head> so pages never flash in the wrong mode.
// Without JavaScript the site stays the main version, which meets WCAG 2.1 AA.
//
// The page's public address for print: print.css writes it at the top of
// every printed sheet, so a loose sheet still says where it came from.
(function () {
  "use strict";
  var canonical = document.querySelector('link[rel="canonical"]');
  var address = (canonical && canonical.href) || location.href;
  // a CSS string: the address is URL-encoded, but quote it safely anyway
  document.documentElement.style.setProperty(
    "--page-address",
    '"' + address.replace(/[\\"]/g, "\\$&").replace(/[\r\n]/g, "") + '"'
  );
})();

(function () {
  "use strict";
  var KEY = "kadry-low-vision";
  var DEFAULTS = { on: false, size: "large", scheme: "white", spacing: "normal", images: "on" };
  var root = document.documentElement;
  // what scripts will show takes its place from the first paint (see
  // site.css), so nothing below it moves when it appears
  root.setAttribute("data-js", "");

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY));
      return s && typeof s === "object" ? s : {};
    } catch (e) {
      return {};
    }
  }
  function settings() {
    var s = load(), out = {};
    for (var k in DEFAULTS) { out[k] = s[k] === undefined ? DEFAULTS[k] : s[k]; }
    return out;
  }
  function save(s) {
    try { localStorage.setItem(KEY, JSON.stringify(s)); } catch (e) { /* private mode: this page only */ }
  }
  function apply(s) {
    if (s.on) {
      root.setAttribute("data-lv", "");
      root.setAttribute("data-lv-size", s.size);
      root.setAttribute("data-lv-scheme", s.scheme);
      root.setAttribute("data-lv-spacing", s.spacing);
      root.setAttribute("data-lv-images", s.images);
    } else {
      ["data-lv", "data-lv-size", "data-lv-scheme", "data-lv-spacing", "data-lv-images"].forEach(function (a) {
        root.removeAttribute(a);
      });
    }
  }
  apply(settings());

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("lv-toggle");
    var panel = document.getElementById("lv-panel");
    if (!toggle || !panel) { return; }
    toggle.hidden = false;

    function sync() {
      var s = settings();
      toggle.textContent = s.on ? toggle.getAttribute("data-off") : toggle.getAttribute("data-on");
      toggle.setAttribute("aria-expanded", s.on ? "true" : "false");
      panel.hidden = !s.on;
      panel.querySelectorAll("input[type=radio]").forEach(function (input) {
        input.checked = s[input.name.replace("lv-", "")] === input.value;
      });
    }
    toggle.addEventListener("click", function () {
      var s = settings();
      s.on = !s.on;
      save(s);
      apply(s);
      sync();
    });
    panel.addEventListener("change", function (e) {
      var input = e.target;
      if (!input.name || input.name.indexOf("lv-") !== 0) { return; }
      var s = settings();
      s[input.name.replace("lv-", "")] = input.value;
      save(s);
      apply(s);
    });
    sync();
  });
})();
