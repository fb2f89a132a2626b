// The header's "Log in" and "Log out" come back to the page they were rendered on. When the
// address has changed in place since (a search typed or paged by htmx, the reading options), they
// are pointed at the address now shown just before they are used. Without JavaScript the address
// never changes in place, so the rendered one is right.
(function () {
  "use strict";
  const here = () => window.location.pathname + window.location.search;

  function refresh(event) {
    const target = event.target instanceof Element ? event.target : null;
    const link = target && target.closest("a[data-next]");
    if (link) {
      const url = new URL(link.href, window.location.href);
      url.searchParams.set("next", here());
      link.href = url.pathname + url.search;
    }
    const form = target && target.closest("form");
    const input = form && form.querySelector("input[data-here]");
    if (input) input.value = here();
  }

  for (const type of ["pointerdown", "focusin", "click", "submit"]) {
    document.addEventListener(type, refresh, true);
  }
})();
