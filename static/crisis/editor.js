// Filter long checkbox lists on the desk by typing; without JavaScript the lists still work.
document.querySelectorAll("input.choices-filter").forEach(function (input) {
  var box = document.getElementById(input.dataset.filterFor);
  if (!box || box.querySelectorAll("label").length < 8) return;
  input.hidden = false;
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    box.querySelectorAll("label").forEach(function (label) {
      label.hidden = q && label.textContent.toLowerCase().indexOf(q) === -1;
    });
  });
});
