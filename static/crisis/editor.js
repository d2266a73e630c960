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
    var matches = 0;
    box.querySelectorAll("label").forEach(function (label) {
      var match = label.textContent.toLowerCase().indexOf(q) !== -1;
      // A ticked box stays in view, so a filter never hides what will be saved.
      label.hidden = q && !match && !label.querySelector("input:checked");
      if (match) matches += 1;
    });
    none.hidden = !q || matches > 0;
  });
  var none = document.createElement("p");
  none.className = "meta choices-none";
  none.textContent = "Nothing matches: clear the filter to see every choice.";
  none.hidden = true;
  box.after(none);
  pickedList(box);
});

// Under a long list, what is ticked, as buttons that untick it: the choice stays visible however
// the list is filtered or scrolled.
function pickedList(box) {
  var picked = document.createElement("div");
  picked.className = "choices-picked";
  picked.setAttribute("aria-live", "polite");
  box.before(picked);
  function render() {
    picked.replaceChildren();
    var ticked = box.querySelectorAll("input:checked");
    var heading = document.createElement("span");
    heading.className = "meta";
    heading.textContent = ticked.length ? ticked.length + " chosen:" : "None chosen.";
    picked.append(heading);
    ticked.forEach(function (input) {
      var name = input.closest("label").textContent.trim();
      var chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip-remove";
      chip.textContent = name + " ×";
      chip.setAttribute("aria-label", "Remove " + name);
      chip.addEventListener("click", function () {
        input.checked = false;
        render();
        input.focus();
      });
      picked.append(" ", chip);
    });
  }
  box.addEventListener("change", render);
  render();
}

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
