// Runs in <head> before the page is drawn: marks that JavaScript is on and applies the reading
// preferences remembered in localStorage, unless the URL names them (a shared link wins).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  // On a phone the review pages' alignment map (a screen tall) and legend start folded under
  // their names, so the queue comes first. Marked here, before the first frame is drawn (the
  // stylesheet hides their contents while the mark is on); folded for real once the page is
  // parsed, so that a tap on a name opens it. Without JavaScript they stay open.
  if (window.matchMedia && window.matchMedia("(max-width: 760px)").matches) {
    root.classList.add("phone-folding");
    document.addEventListener("DOMContentLoaded", function () {
      document.querySelectorAll("details.phone-fold[open]").forEach(function (fold) {
        fold.open = false;
      });
      root.classList.remove("phone-folding");
    });
  }
  if (!root.hasAttribute("data-layout")) return;
  var saved;
  try {
    saved = JSON.parse(window.localStorage.getItem("tawazi.prefs") || "{}") || {};
  } catch (e) {
    return;
  }
  var params = new URLSearchParams(window.location.search);
  var allowed = {
    layout: ["side", "stacked", "ar", "en"],
    size: ["s", "m", "l", "xl"],
    diac: ["on", "off"],
    translit: ["on", "off"],
    conf: ["on", "off"]
  };
  Object.keys(allowed).forEach(function (key) {
    var value = saved[key];
    if (!params.has(key) && allowed[key].indexOf(value) !== -1) root.setAttribute("data-" + key, value);
  });
})();
