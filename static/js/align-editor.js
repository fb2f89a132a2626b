// The alignment editor (Django admin): Enter on a tick box or in a split field does nothing, so
// keyboard focus stays where it was. Without this script Enter submits the form's hidden
// "keep" button, which changes nothing and reloads the page (focus then goes to a ticked row).
// Space ticks; the buttons apply changes.
document.addEventListener("keydown", (event) => {
  const field = event.target;
  if (
    event.key === "Enter" &&
    field instanceof HTMLInputElement &&
    field.form?.id === "align-form" &&
    (field.type === "checkbox" || field.type === "number")
  ) {
    event.preventDefault();
  }
});
