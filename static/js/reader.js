// The reading page: reading options switched in place and remembered, clause highlighting by
// hover, focus and tap, keyboard navigation clause by clause, and the side panel (word help,
// citations). Units carry the tags of their links in data-l ("c12 c13"); every unit sharing a
// tag is a counterpart. No inline scripts or handlers: everything is bound here.
(function () {
  "use strict";
  const root = document.documentElement;
  const STORE = "tawazi.prefs";
  const PARAM = { layout: "layout", size: "size", diac: "diac", translit: "translit", conf: "conf" };
  const DEFAULTS = { layout: "side", size: "m", diac: "on", translit: "off", conf: "off" };
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  const rowsEl = () => document.getElementById("reading-rows");
  const form = document.getElementById("reading-options");
  const panel = document.getElementById("panel");
  const status = document.getElementById("status");
  if (!rowsEl()) return;

  // ---- Preferences ---------------------------------------------------------------------------

  function loadPrefs() {
    try {
      return JSON.parse(localStorage.getItem(STORE) || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function savePref(key, value) {
    const prefs = loadPrefs();
    prefs[key] = value;
    try {
      localStorage.setItem(STORE, JSON.stringify(prefs));
    } catch (e) {
      /* private mode: the URL still carries the choice */
    }
  }

  function urlParam(key, value) {
    // ?diac=0, ?translit=1, ?conf=1 as the server reads them; default values leave the URL.
    if (key === "layout" || key === "size") return value;
    return value === "on" ? "1" : "0";
  }

  function currentUrl() {
    const url = new URL(window.location.href);
    Object.keys(PARAM).forEach((key) => {
      const value = root.getAttribute("data-" + key) || DEFAULTS[key];
      if (value === DEFAULTS[key]) url.searchParams.delete(PARAM[key]);
      else url.searchParams.set(PARAM[key], urlParam(key, value));
    });
    return url;
  }

  function syncForm() {
    if (!form) return;
    const layout = form.querySelector('input[name="layout"][value="' + root.dataset.layout + '"]');
    if (layout) layout.checked = true;
    ["diac", "translit", "conf"].forEach((key) => {
      const box = form.querySelector('input[type="checkbox"][name="' + key + '"]');
      if (box) box.checked = root.getAttribute("data-" + key) === "on";
    });
    const size = form.querySelector('select[name="size"]');
    if (size) size.value = root.dataset.size || "m";
  }

  function refreshRows() {
    // Diacritics and the transliteration line are rendered by the server: fetch the rows again.
    const url = currentUrl();
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    if (window.htmx) {
      window.htmx.ajax("GET", url.pathname + url.search, { target: "#reading-rows", swap: "outerHTML" });
    } else {
      window.location.assign(url.href);
    }
  }

  function setPref(key, value) {
    root.setAttribute("data-" + key, value);
    savePref(key, value);
    const rows = rowsEl();
    if ((key === "diac" || key === "translit") && rows.dataset[key] !== value) {
      refreshRows();
      return;
    }
    const url = currentUrl();
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    if (key === "layout") keepInView();
  }

  function rowsMatchPrefs() {
    const rows = rowsEl();
    return ["diac", "translit"].every((key) => rows.dataset[key] === (root.getAttribute("data-" + key) || DEFAULTS[key]));
  }

  if (form) {
    form.addEventListener("change", (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement || input instanceof HTMLSelectElement)) return;
      if (input.name === "layout") setPref("layout", input.value);
      else if (input.name === "size") setPref("size", input.value);
      else if (input.type === "checkbox") setPref(input.name, input.checked ? "on" : "off");
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
    });
  }

  // ---- Highlighting ----------------------------------------------------------------------------

  let lit = [];
  let current = null;
  let press = { touch: false, lit: null }; // the last pointer press (see the taps below)
  let lastAutoScroll = 0;
  let pinned = null; // the clause the open panel is about (see rest below)
  let pointerAt = { x: NaN, y: NaN }; // where the mouse last moved to

  function visible(el) {
    return el.offsetParent !== null || el.getClientRects().length > 0;
  }

  function tagsOf(unit) {
    let tags = (unit.dataset.l || "").split(/\s+/).filter(Boolean);
    if (!tags.length && unit.classList.contains("cl")) {
      // A clause on no clause link: fall back on its sentence's links.
      const sentence = unit.closest(".u.st");
      if (sentence) tags = (sentence.dataset.l || "").split(/\s+/).filter(Boolean);
    }
    return tags;
  }

  function clear() {
    lit.forEach((el) => el.classList.remove("active"));
    lit = [];
    current = null;
    if (status) status.textContent = "";
  }

  let roomOwed = false; // room at the page's end still to be given back (see reserveStatus)

  function reserveStatus(options) {
    // While the status line shows, the page ends that much lower and scrolling into view stops
    // above it (tawazi.css, --status-room): no text, the footer's included, need stay under it.
    // The room follows the line as it wraps onto more or fewer lines (another message, a phone
    // turned) and goes with it. Taking room back where the page's end is on screen would pull the
    // text down under the pointer, lighting what it lands on: only what is below the screen is
    // given back at once, the rest as the reader scrolls up. A touch lights nothing by passing
    // over it (press.touch: the mouse events a tap emulates are ignored), so after a tap the
    // room goes with the line, and no blank stays at the end of a phone's page. A new width
    // moves everything anyway: there the room is made right at once.
    const line = status && status.textContent ? status.getBoundingClientRect() : null;
    const need = line && line.height ? Math.ceil(window.innerHeight - line.top + 6) : 0;
    const had = parseFloat(root.style.getPropertyValue("--status-room")) || 0;
    let room = need;
    if (need < had && !(options && options.resized) && !press.touch) {
      const below = Math.floor(root.scrollHeight - window.scrollY - window.innerHeight);
      room = Math.max(need, had - Math.max(0, below));
    }
    roomOwed = room > need;
    if (room === had) return;
    if (room) root.style.setProperty("--status-room", room + "px");
    else root.style.removeProperty("--status-room");
  }

  if (status && window.ResizeObserver) new ResizeObserver(() => reserveStatus()).observe(status);
  // A phone turned or a window resized reflows everything; the height alone changes as a phone's
  // address bar comes and goes while the reader scrolls, which is not a reason to move the page.
  let width = window.innerWidth;
  window.addEventListener("resize", () => {
    reserveStatus({ resized: window.innerWidth !== width });
    width = window.innerWidth;
  });
  window.addEventListener("scroll", () => {
    if (roomOwed) reserveStatus();
  }, { passive: true });

  function band() {
    // The part of the screen text can be read in: below the reading options while they stick to
    // the top, above the status line at the foot while it says something.
    let top = 0;
    let bottom = window.innerHeight;
    if (form && getComputedStyle(form).position === "sticky") {
      const bar = form.getBoundingClientRect();
      if (bar.top <= 1) top = bar.bottom;
    }
    if (status && status.textContent) {
      const line = status.getBoundingClientRect();
      if (line.height) bottom = Math.min(bottom, line.top - 6);
    }
    return { top, bottom };
  }

  function inViewport(el) {
    const box = el.getBoundingClientRect();
    const { top, bottom } = band();
    return box.bottom > top && box.top < bottom;
  }

  function wholeInView(el) {
    // Whole, when it fits; a unit taller than the screen is in view when any of it is.
    const box = el.getBoundingClientRect();
    const { top, bottom } = band();
    if (box.height > bottom - top) return inViewport(el);
    return box.top >= top && box.bottom <= bottom;
  }

  function bringIntoView(els) {
    // As scrollIntoView({block: "nearest"}), but into the band: clear of the options and the
    // status line. Several units come in together when they fit, else the first alone; a unit
    // too tall for the band shows its start.
    const { top, bottom } = band();
    const boxes = els.map((el) => el.getBoundingClientRect());
    let box = {
      top: Math.min(...boxes.map((b) => b.top)),
      bottom: Math.max(...boxes.map((b) => b.bottom)),
    };
    if (box.bottom - box.top > bottom - top) box = boxes[0];
    let delta = box.bottom > bottom ? box.bottom - bottom : 0;
    if (box.top - delta < top) delta = box.top - top;
    if (delta) window.scrollBy({ top: delta, behavior: reduceMotion ? "auto" : "smooth" });
  }

  function describe(unit, counterparts, hint) {
    if (!status) return;
    const kind = unit.classList.contains("cl") ? "clause" : "sentence";
    const other = unit.closest(".side.ar") ? "English" : "Arabic";
    let text;
    if (!counterparts.length) {
      text = "No " + other + " counterpart: this " + kind + " is unaligned";
    } else {
      text = counterparts.length + " " + other + " " + (counterparts.length > 1 ? "units" : kind);
      const score = unit.dataset.score || (unit.closest(".u.st") || {}).dataset?.score;
      if (root.dataset.conf === "on" && score) {
        const level = score >= 0.8 ? "high" : score >= 0.5 ? "medium" : "low";
        text += " · confidence " + score + " (" + level + ")";
      }
    }
    status.textContent = text + (hint || "");
    reserveStatus();
  }

  function light(unit, options) {
    const opts = options || {};
    clear();
    current = unit;
    const found = new Set([unit]);
    tagsOf(unit).forEach((tag) => {
      document.querySelectorAll('#reading-rows [data-l~="' + CSS.escape(tag) + '"]').forEach((el) => {
        if (el.classList.contains("u")) found.add(el);
      });
    });
    found.forEach((el) => el.classList.add("active"));
    lit = Array.from(found);
    const mySide = unit.closest(".side");
    const counterparts = lit.filter((el) => el.closest(".side") !== mySide);
    describe(unit, counterparts, opts.hint);
    const target = counterparts.find(visible);
    // A hover brings in a counterpart out of sight; a tap or the keyboard brings it in whole,
    // and with it the unit itself, which the status line that has just appeared may cover.
    if (!opts.scroll) return;
    if (opts.whole) {
      const pair = target ? [target, unit] : [unit];
      if (!pair.every(wholeInView)) {
        lastAutoScroll = Date.now();
        bringIntoView(pair);
      }
    } else if (target && !inViewport(target)) {
      lastAutoScroll = Date.now();
      bringIntoView([target]);
    }
  }

  function unitOf(event) {
    return event.target instanceof Element ? event.target.closest("#reading-rows .u.cl, #reading-rows .u.st") : null;
  }

  // A touch screen has no hover: the mouse events a tap emulates neither light nor clear (the
  // tap's click does), or a tap in the word sheet would put out the clause it is about.
  document.addEventListener("mouseover", (event) => {
    if (press.touch) return;
    const unit = unitOf(event);
    // After an automatic scroll the pointer lands on other text: do not chase it. Text scrolled
    // by hand under a pointer that has not moved lights, but brings nothing in: nothing moves by
    // itself while the reader scrolls.
    const moved = event.clientX !== pointerAt.x || event.clientY !== pointerAt.y;
    if (unit && unit !== current && Date.now() - lastAutoScroll > 700) light(unit, { scroll: moved });
  });
  function rest() {
    // Nothing pointed at: while the panel is open the clause it is about stays lit, or the
    // pointer moving onto the panel would put out what the panel explains.
    if (pinned && panel && !panel.hidden && document.contains(pinned)) {
      if (current !== pinned) light(pinned);
    } else {
      clear();
    }
  }

  document.addEventListener("mouseout", (event) => {
    if (press.touch || Date.now() - lastAutoScroll < 700) return;
    if (unitOf(event) && !event.relatedTarget?.closest?.("#reading-rows .u") && !current?.matches(":focus")) rest();
  });
  document.addEventListener("focusin", (event) => {
    const unit = unitOf(event);
    if (unit) light(unit, { scroll: true, whole: true });
  });

  // ---- Keyboard: clause by clause ------------------------------------------------------------

  function clauses(lang) {
    const side = lang ? ".side." + lang : ".side";
    return Array.from(document.querySelectorAll("#reading-rows " + side + " .u.cl")).filter(visible);
  }

  function setRoving(unit) {
    // One clause is in the tab order at a time (roving tabindex); the server marks none.
    document.querySelectorAll('#reading-rows .u.cl[tabindex="0"]').forEach((el) => {
      if (el !== unit) el.setAttribute("tabindex", "-1");
    });
    unit.setAttribute("tabindex", "0");
  }

  function moveTo(unit) {
    if (!unit) return;
    setRoving(unit);
    // Bring the clause in first (at once), then focusing it lights it and brings its counterpart.
    if (!wholeInView(unit)) unit.scrollIntoView({ block: "center" });
    unit.focus({ preventScroll: true });
  }

  function initRoving() {
    const rows = rowsEl();
    if (!rows) return;
    const params = new URLSearchParams(window.location.search);
    let start = null;
    const hl = params.get("hl") || window.location.hash.slice(1);
    if (hl) {
      const target = document.getElementById(hl);
      if (target) start = target.matches(".u.cl") ? target : target.querySelector(".u.cl");
    }
    start = start || clauses("ar")[0] || clauses()[0];
    if (start) setRoving(start);
    if (hl) {
      const target = document.getElementById(hl);
      if (target && target.classList.contains("u")) light(target);
      // A paragraph permalink lights the paragraph and its counterpart in the same row.
      const row = target && target.classList.contains("para") ? target.closest(".row") : null;
      if (row) row.querySelectorAll(".para").forEach((p) => p.classList.add("lit"));
    }
  }

  function langOf(unit) {
    return unit.closest(".side.ar") ? "ar" : "en";
  }

  function counterpartIn(unit, lang) {
    const tags = tagsOf(unit);
    for (const tag of tags) {
      const match = Array.from(document.querySelectorAll('#reading-rows .side.' + lang + ' [data-l~="' + CSS.escape(tag) + '"]')).find(visible);
      if (match) return match.matches(".u.cl") ? match : match.querySelector(".u.cl");
    }
    // No link: the first clause of the same row in the other language.
    const row = unit.closest(".row");
    return row ? Array.from(row.querySelectorAll(".side." + lang + " .u.cl")).find(visible) : null;
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (event.key === "Escape" && panel && !panel.hidden) {
      event.preventDefault();
      closePanel();
      return;
    }
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
    const unit = target instanceof Element ? target.closest("#reading-rows .u.cl") : null;
    const key = event.key;
    if (!unit) {
      // j / k from anywhere on the page (not in a form or the panel) start at the last clause.
      if ((key === "j" || key === "k") && !(target instanceof Element && target.closest("#panel"))) {
        event.preventDefault();
        moveTo(document.querySelector('#reading-rows .u.cl[tabindex="0"]') || clauses()[0]);
      }
      return;
    }
    const lang = langOf(unit);
    const list = clauses(lang);
    const index = list.indexOf(unit);
    const rtlRight = root.dataset.layout === "side" && window.innerWidth > 760;
    if (key === "ArrowDown" || key === "j") {
      event.preventDefault();
      moveTo(list[Math.min(index + 1, list.length - 1)]);
    } else if (key === "ArrowUp" || key === "k") {
      event.preventDefault();
      moveTo(list[Math.max(index - 1, 0)]);
    } else if (key === "Home" || key === "End") {
      event.preventDefault();
      moveTo(key === "Home" ? list[0] : list[list.length - 1]);
    } else if (key === "ArrowRight" || key === "ArrowLeft" || key === "l" || key === "h") {
      // Side by side, Arabic is on the right; otherwise either arrow goes to the other language.
      const wantAr = rtlRight ? key === "ArrowRight" || key === "l" : lang === "en";
      const other = wantAr ? "ar" : "en";
      if (other !== lang) {
        event.preventDefault();
        moveTo(counterpartIn(unit, other));
      }
    } else if (key === "Enter" || key === " ") {
      event.preventDefault();
      const slug = document.querySelector(".reader")?.dataset.slug;
      if (slug) openPanel("/r/" + encodeURIComponent(slug) + "/cite/" + unit.id + "/", unit);
    }
  });

  // ---- Taps and clicks: highlight; an Arabic word opens its help -----------------------------

  // A touch screen has no hover: its first tap on a clause only lights it and its counterpart
  // (the word panel, a bottom sheet on a phone, would cover the counterpart just brought into
  // view); a tap on a word of the clause already lit, or on any word while the panel is open,
  // opens the word's help. A mouse has lit the clause on hover, so its click opens the help at
  // once. The press is remembered because a click is not a PointerEvent in every browser.
  document.addEventListener("pointerdown", (event) => {
    press = { touch: event.pointerType === "touch", lit: current };
  }, true);
  document.addEventListener("pointermove", (event) => {
    // A mouse moved after a touch (a laptop with a touch screen): hover lights again.
    if (event.pointerType === "mouse") press.touch = false;
    pointerAt = { x: event.clientX, y: event.clientY };
  }, true);

  document.addEventListener("click", (event) => {
    const el = event.target instanceof Element ? event.target : null;
    if (!el) return;
    const copy = el.closest("[data-copy]");
    if (copy) {
      // The Arabic citation carries its own clipboard text, with bidi isolation marks.
      const source = document.querySelector(copy.dataset.copy);
      const text = copy.dataset.copyText || (source ? source.textContent.trim() : "");
      if (text && navigator.clipboard) {
        navigator.clipboard.writeText(text).then(() => {
          copy.textContent = "Copied";
        }, () => {
          copy.textContent = "Select and copy";
        });
      }
      return;
    }
    if (el.closest(".panel-close")) {
      closePanel();
      return;
    }
    const unit = el.closest("#reading-rows .u.cl");
    if (unit) {
      setRoving(unit);
      const word = el.closest(".side.ar .w");
      const firstTap = event.detail > 0 && press.touch && press.lit !== unit && (!panel || panel.hidden);
      // The hint goes in before the counterpart is scrolled to, clear of the status line it lengthens.
      const hint = word && firstTap ? " · tap a word again for its help" : "";
      light(unit, { scroll: true, whole: true, hint });
      if (word && !firstTap) {
        document.querySelectorAll(".w.looked").forEach((w) => w.classList.remove("looked"));
        word.classList.add("looked");
        const sentence = word.closest(".u.st");
        const url = "/word/?w=" + encodeURIComponent(word.textContent) + (sentence ? "&s=" + sentence.id.slice(1) : "");
        openPanel(url, unit);
      }
      return;
    }
    // A click on nothing in particular puts the light out and closes the panel, as a tap beside
    // a sheet does (not after selecting text, which a click ends too). A click into a form (a
    // search field, its label or the space around them) is the reader going on with the panel.
    const busy = "#panel, .toolbar, .anatomy, form, a, button, input, select, textarea, label, summary";
    if (!el.closest(busy) && document.getSelection()?.isCollapsed !== false) {
      closePanel({ refocus: false });
      clear();
    }
  });

  // ---- The side panel --------------------------------------------------------------------------

  let opener = null;

  function openPanel(url, from) {
    if (!panel || !window.htmx) {
      window.location.assign(url);
      return;
    }
    opener = from || document.activeElement;
    pinned = from instanceof Element && from.matches("#reading-rows .u") ? from : null;
    window.htmx.ajax("GET", url, { target: "#panel-body", swap: "outerHTML" });
  }

  function showPanel() {
    if (!panel) return;
    panel.hidden = false;
    // On a wide screen the text makes room for the panel (tawazi.css): keep the word or clause
    // the panel is about in sight as the rows reflow.
    lastAutoScroll = Date.now(); // the text moves under the pointer: do not chase it
    root.classList.add("panel-open");
    const about = document.querySelector("#reading-rows .w.looked") || (opener instanceof Element && opener.closest("#reading-rows") ? opener : null);
    if (about && !wholeInView(about)) about.scrollIntoView({ block: "center" });
    const title = document.getElementById("panel-title");
    if (title) {
      title.setAttribute("tabindex", "-1");
      title.focus({ preventScroll: true });
    }
  }

  function closePanel(options) {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    root.classList.remove("panel-open");
    pinned = null;
    document.querySelectorAll(".w.looked").forEach((w) => w.classList.remove("looked"));
    const back = opener && document.contains(opener) ? opener : document.querySelector('#reading-rows .u.cl[tabindex="0"]');
    opener = null;
    // Back to what opened it, unless a click elsewhere closed it: focusing would light it again.
    if (back && !(options && options.refocus === false)) back.focus({ preventScroll: true });
  }

  document.addEventListener("htmx:beforeRequest", (event) => {
    // A "Cite" link in a row: remember it so that closing the panel returns there.
    const elt = event.detail.elt;
    if (elt instanceof Element && elt.matches(".gutter .cite")) {
      opener = elt;
      pinned = null; // the panel is about the paragraph now
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    if (target && target.id === "panel-body") showPanel();
    if (target && target.id === "reading-rows") initRoving();
  });

  // ---- Start -----------------------------------------------------------------------------------

  function keepInView() {
    const unit = current || document.querySelector('#reading-rows .u.cl[tabindex="0"]');
    if (unit && visible(unit) && !inViewport(unit)) unit.scrollIntoView({ block: "center" });
  }

  syncForm();
  initRoving();
  if (!rowsMatchPrefs()) refreshRows();
})();
