// The search page: its form says what the results answer. Live search swaps only the results,
// so a facet or paging link, or Back and Forward (htmx puts back a snapshot taken while the next
// query was being typed), would leave the form showing other filters or another query, and the
// next word typed would drop a facet's filter. The address is what the results answer: after each
// such change the form is filled from it. No inline scripts: bound here.
(function () {
  "use strict";
  const FILTERS = ["resolution", "body", "year"];

  function fillForm(withQuery) {
    const form = document.querySelector("form.search-form");
    if (!form) return;
    const params = new URLSearchParams(window.location.search);
    const q = form.querySelector('input[name="q"]');
    // While typing, the box is ahead of the address: leave it alone then.
    if (withQuery && q) q.value = params.get("q") || "";
    const lang = form.querySelector('select[name="lang"]');
    if (lang) lang.value = params.get("lang") || "";
    FILTERS.forEach((name) => {
      let input = form.querySelector('input[type="hidden"][name="' + name + '"]');
      const value = params.get(name);
      if (!value) {
        if (input) input.remove();
        return;
      }
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        form.insertBefore(input, form.querySelector('button[type="submit"]'));
      }
      input.value = value;
    });
  }

  // "Both" languages and a filter not chosen would put lang= (and the like) in the address a
  // student shares: only the parameters with a value are sent (the server redirects the plain
  // form's empty ones the same way).
  document.addEventListener("htmx:configRequest", (event) => {
    if (!event.target.closest || !event.target.closest("form.search-form")) return;
    const data = event.detail.formData;
    Array.from(new Set(data.keys())).forEach((name) => {
      const values = data.getAll(name).filter((value) => value !== "");
      data.delete(name);
      values.forEach((value) => data.append(name, value));
    });
  });
  document.addEventListener("htmx:pushedIntoHistory", () => fillForm(false));
  document.addEventListener("htmx:historyRestore", () => fillForm(true));
})();
