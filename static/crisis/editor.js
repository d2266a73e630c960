// Progressive enhancement of the desk's forms: each part works without JavaScript.

// Filter long checkbox lists by typing. Enter in the filter must not submit the whole form.
document.querySelectorAll("input.choices-filter").forEach(function (input) {
  var box = document.getElementById(input.dataset.filterFor);
  if (!box || box.querySelectorAll("label").length < 8) return;
  input.hidden = false;
  input.setAttribute("aria-controls", box.id);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    box.querySelectorAll("label").forEach(function (label) {
      // A ticked box stays in view, so a filter never hides what will be saved.
      var ticked = label.querySelector("input:checked");
      label.hidden = q && !ticked && label.textContent.toLowerCase().indexOf(q) === -1;
    });
  });
});

// Browsers that ignore autofocus on a summary still bring the editor to the list of problems.
var summary = document.getElementById("error-summary");
if (summary && document.activeElement !== summary) summary.focus();

// Choosing a kind of claim opens the part that kind usually establishes; nothing is closed.
var kind = document.getElementById("id_claim-kind");
if (kind) {
  kind.addEventListener("change", function () {
    document.querySelectorAll("details[data-kind]").forEach(function (part) {
      if (part.dataset.kind === kind.value) part.open = true;
    });
  });
}

// A link in the error summary opens the folded part around its field before moving to it.
document.querySelectorAll("#error-summary a[href^='#']").forEach(function (link) {
  link.addEventListener("click", function () {
    var target = document.getElementById(link.getAttribute("href").slice(1));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target && target.focus) setTimeout(function () { target.focus(); }, 0);
  });
});
