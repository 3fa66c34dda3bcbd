// Full-text search on /search/, progressive enhancement: without JavaScript
// the page explains itself and links to the static indexes of measures.
// With it, this script shows the (hidden) search form, loads pagefind's
// JavaScript API from the bundle the build wrote to /pagefind/, and lists the
// results in Russian: title, address, excerpt (pagefind marks the matched
// words with <mark>; nothing else from the excerpt becomes markup), with
// filters by section, status and executor. The number of results is
// announced through the page's aria-live region.
(function () {
  "use strict";
  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 300;
  var SLOW_MS = 15000;

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var statusBox = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  if (!form || !input || !statusBox || !list || !more) { return; }
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));

  // "1 результат", "3 результата", "5 результатов"
  function plural(n, one, few, many) {
    var n10 = n % 10, n100 = n % 100;
    if (n10 === 1 && n100 !== 11) { return one; }
    if (n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14)) { return few; }
    return many;
  }

  // «По запросу «инвентаризация» найдено 3 результата.»
  function message(term, filtered, n) {
    var where = term ? "По запросу «" + term + "»" + (filtered ? " с выбранными фильтрами" : "") : "";
    if (n === 0) {
      return term ? where + " ничего не найдено." : "С выбранными фильтрами ничего не найдено.";
    }
    var found = plural(n, "найден", "найдено", "найдено");
    var count = n + " " + plural(n, "результат", "результата", "результатов");
    if (term) { return where + " " + found + " " + count + "."; }
    return found.charAt(0).toUpperCase() + found.slice(1) + " " + count + " с выбранными фильтрами.";
  }

  // Text of an excerpt with only <mark> kept: parsed in an inert document
  // (no scripts run, nothing loads), then rebuilt from text nodes.
  function excerptNodes(html) {
    var doc = new DOMParser().parseFromString("<body>" + html, "text/html");
    var out = document.createDocumentFragment();
    (function walk(node) {
      Array.prototype.forEach.call(node.childNodes, function (child) {
        if (child.nodeType === 3) {
          out.appendChild(document.createTextNode(child.data));
        } else if (child.nodeType === 1 && child.localName === "mark") {
          var mark = document.createElement("mark");
          mark.textContent = child.textContent;
          out.appendChild(mark);
        } else if (child.nodeType === 1) {
          walk(child);
        }
      });
    })(doc.body);
    return out;
  }

  function labelOf(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { return select.options[i].getAttribute("data-label") || select.options[i].text; }
    }
    return value;
  }

  function selectFor(name) {
    return selects.filter(function (s) { return s.getAttribute("data-filter") === name; })[0];
  }

  function resultItem(data) {
    var li = document.createElement("li");
    li.className = "search-result";
    var title = document.createElement("p");
    title.className = "search-result__title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    title.appendChild(link);
    li.appendChild(title);

    var statusSelect = selectFor("status");
    var statuses = data.filters && data.filters.status;
    if (statusSelect && statuses && statuses.length) {
      var st = document.createElement("p");
      st.className = "search-result__meta";
      st.textContent = "Статус: " + labelOf(statusSelect, statuses[0]);
      li.appendChild(st);
    }
    if (data.excerpt) {
      var ex = document.createElement("p");
      ex.className = "search-result__excerpt";
      ex.appendChild(excerptNodes(data.excerpt));
      li.appendChild(ex);
    }
    var url = document.createElement("p");
    url.className = "search-result__url";
    try {
      url.textContent = decodeURI(new URL(data.url, location.href).href);
    } catch (e) {
      url.textContent = data.url;
    }
    li.appendChild(url);
    return li;
  }

  function currentFilters() {
    var filters = {};
    selects.forEach(function (s) {
      if (s.value) { filters[s.getAttribute("data-filter")] = s.value; }
    });
    return filters;
  }

  // Option texts show how many results each choice would give.
  function showCounts(counts) {
    selects.forEach(function (s) {
      var byValue = (counts && counts[s.getAttribute("data-filter")]) || {};
      Array.prototype.forEach.call(s.options, function (o) {
        if (!o.value) { return; }
        if (!o.hasAttribute("data-label")) { o.setAttribute("data-label", o.text); }
        var n = byValue[o.value] || 0;
        o.text = o.getAttribute("data-label") + " (" + n + ")";
      });
    });
  }

  function syncUrl(term, filters) {
    if (!window.history || !history.replaceState) { return; }
    var params = new URLSearchParams();
    if (term) { params.set("q", term); }
    Object.keys(filters).forEach(function (k) { params.set(k, filters[k]); });
    var qs = params.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
  }

  // A large site's index comes in shards: the bundle's shards.json lists
  // the folders of those after the first, merged into it here.
  var pagefindPromise = null;
  function loadPagefind() {
    if (!pagefindPromise) {
      var script = form.getAttribute("data-pagefind");
      var folder = script.replace(/[^\/]*$/, "");
      var options = { excerptLength: 24 };
      var shards = fetch(folder + "shards.json").then(function (r) {
        if (!r.ok) { throw new Error("shards.json: " + r.status); }
        return r.json();
      });
      pagefindPromise = Promise.all([import(script), shards]).then(function (loaded) {
        var pf = loaded[0];
        return pf.options(options).then(function () {
          // results are addresses below the site's base path, as in the first shard
          var merged = { excerptLength: options.excerptLength, baseUrl: folder.replace(/pagefind\/$/, "") };
          return Promise.all(loaded[1].map(function (s) { return pf.mergeIndex(folder + s, merged); }));
        }).then(function () { return pf; });
      });
    }
    return pagefindPromise;
  }

  var shown = [];
  var pending = [];
  var generation = 0;

  function showMore(focusFirst) {
    var batch = pending.splice(0, PAGE_SIZE);
    var gen = generation;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      if (gen !== generation) { return; }
      var first = null;
      datas.forEach(function (d) {
        var li = resultItem(d);
        list.appendChild(li);
        shown.push(d);
        if (!first) { first = li.querySelector("a"); }
      });
      more.hidden = pending.length === 0;
      if (pending.length) {
        var k = Math.min(PAGE_SIZE, pending.length);
        more.textContent = "Показать ещё " + k + " " + plural(k, "результат", "результата", "результатов") +
          " (всего " + (shown.length + pending.length) + ")";
      }
      if (focusFirst && first) { first.focus(); }
    });
  }

  function run() {
    var term = input.value.trim();
    var filters = currentFilters();
    var filtered = Object.keys(filters).length > 0;
    var gen = ++generation;
    syncUrl(term, filters);
    if (!term && !filtered) {
      list.textContent = "";
      list.hidden = true;
      more.hidden = true;
      statusBox.textContent = "";
      loadPagefind().then(function (pf) { return pf.filters(); }).then(showCounts).catch(function () {});
      return;
    }
    // pagefind waits for ever if its WebAssembly cannot start: say so
    var slow = setTimeout(function () {
      if (gen === generation) { failed(new Error("no answer in " + SLOW_MS + " ms")); }
    }, SLOW_MS);
    loadPagefind().then(function (pf) {
      var searches = [pf.search(term || null, { filters: filters })];
      // «1.1» and «11» are the same word to pagefind (it drops the dot), so a
      // measure's number also looks the measure up by its own filter and
      // shows its page first
      var number = term.replace(/\.$/, "");
      if (/^\d{1,3}(\.\d{1,3})+$/.test(number)) {
        var exact = {};
        Object.keys(filters).forEach(function (k) { exact[k] = filters[k]; });
        exact.measure = number;
        searches.push(pf.search(null, { filters: exact }));
      }
      return Promise.all(searches);
    }).then(function (found) {
      var search = found[0];
      if (gen !== generation || !search) { return; }
      var results = search.results.slice();
      if (found[1] && found[1].results.length) {
        var first = found[1].results;
        var ids = first.map(function (r) { return r.id; });
        results = first.concat(results.filter(function (r) { return ids.indexOf(r.id) < 0; }));
      }
      list.textContent = "";
      shown = [];
      pending = results.slice();
      showCounts(search.filters);
      return showMore(false).then(function () {
        if (gen !== generation) { return; }
        list.hidden = shown.length === 0;
        statusBox.textContent = message(term, filtered, results.length);
      });
    }).catch(function (e) {
      if (gen !== generation) { return; }
      failed(e);
    }).then(function () {
      clearTimeout(slow);
    });
  }

  function failed(e) {
    statusBox.textContent = "";
    var p = document.createElement("span");
    p.textContent = "Поиск сейчас не работает. Найдите мероприятие по ";
    var a = document.createElement("a");
    a.href = "#indexes";
    a.textContent = "указателям ниже";
    statusBox.appendChild(p);
    statusBox.appendChild(a);
    statusBox.appendChild(document.createTextNode("."));
    list.hidden = true;
    more.hidden = true;
    if (window.console && console.warn) { console.warn("search:", e); }
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    run();
  });
  selects.forEach(function (s) {
    s.addEventListener("change", function () {
      clearTimeout(timer);
      run();
    });
  });
  more.addEventListener("click", function () { showMore(true); });

  // a bookmarked or shared search: /search/?q=…&status=…
  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  selects.forEach(function (s) {
    var v = params.get(s.getAttribute("data-filter"));
    if (v && Array.prototype.some.call(s.options, function (o) { return o.value === v; })) { s.value = v; }
  });
  form.hidden = false;
  run();
})();
