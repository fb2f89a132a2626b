// Runs in <head> before the page is drawn: marks that JavaScript is on and applies the reading
// preferences remembered in localStorage, unless the URL names them (a shared link wins).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
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
