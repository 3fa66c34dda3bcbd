// What the reflow checks measure in a page (a11y.mjs on the main pages,
// reflow.mjs on every page): passed to page.evaluate, so it is
// self-contained.

// Runs in the page: is there horizontal scrolling, and which elements stick out?
export function measureOverflow() {
  const vw = window.innerWidth;
  const doc = document.documentElement;
  // Cards off screen are skipped (content-visibility: auto), and a rendered
  // one clips what sticks out of it: render them all without clipping, so
  // content that would be cut off widens the page and is caught here.
  // (Through the CSSOM: the portal's CSP refuses a <style> element.)
  for (const el of document.querySelectorAll('*')) {
    if (getComputedStyle(el).contentVisibility === 'auto') el.style.contentVisibility = 'visible';
  }
  const selector = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
      let s = e.localName;
      if (e.id) { parts.unshift(`${s}#${CSS.escape(e.id)}`); break; }
      const cls = [...e.classList].slice(0, 2).map((c) => `.${CSS.escape(c)}`).join('');
      s += cls;
      const parent = e.parentElement;
      if (parent) {
        const same = [...parent.children].filter((c) => c.localName === e.localName);
        if (same.length > 1) s += `:nth-of-type(${same.indexOf(e) + 1})`;
      }
      parts.unshift(s);
      if (e === document.body) break;
    }
    return parts.join(' > ');
  };
  // an element inside a scroll/clip container does not widen the page
  const clipped = (el) => {
    for (let e = el.parentElement; e && e !== document.body && e !== doc; e = e.parentElement) {
      const ox = getComputedStyle(e).overflowX;
      if (ox !== 'visible') return true;
    }
    return false;
  };
  const offenders = [];
  const listed = new Set();
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= vw + 0.5) continue;
    if (clipped(el)) continue;
    // list the outermost offender only
    let inner = false;
    for (const o of listed) if (o.contains(el)) { inner = true; break; }
    if (inner) continue;
    listed.add(el);
    offenders.push({
      selector: selector(el),
      right: Math.round(r.right * 10) / 10,
      width: Math.round(r.width * 10) / 10,
      html: el.outerHTML.slice(0, 160),
    });
  }
  return { scrollWidth: doc.scrollWidth, innerWidth: vw, offenders };
}
