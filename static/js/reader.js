// Clause highlighting: a unit carries the tags of its links in data-l ("c12 c13");
// hovering or focusing it lights up every unit on the same links, on both sides.
(function () {
  "use strict";
  let lit = [];

  function clear() {
    lit.forEach((el) => el.classList.remove("active"));
    lit = [];
  }

  function light(unit) {
    clear();
    const tags = (unit.dataset.l || "").split(/\s+/).filter(Boolean);
    const found = new Set([unit]);
    tags.forEach((tag) => {
      document.querySelectorAll('[data-l~="' + CSS.escape(tag) + '"]').forEach((el) => {
        if (el.classList.contains("u")) found.add(el);
      });
    });
    found.forEach((el) => el.classList.add("active"));
    lit = Array.from(found);
  }

  function unitOf(event) {
    return event.target instanceof Element ? event.target.closest(".u.cl, .u.st") : null;
  }

  document.addEventListener("mouseover", (event) => {
    const unit = unitOf(event);
    if (unit) light(unit);
  });
  document.addEventListener("focusin", (event) => {
    const unit = unitOf(event);
    if (unit) light(unit);
  });
  document.addEventListener("mouseout", (event) => {
    if (unitOf(event) && !event.relatedTarget?.closest?.(".u")) clear();
  });
})();
