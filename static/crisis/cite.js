// A "Copy" button beside each citation box. Without JavaScript the boxes are still readonly
// text that can be selected and copied by hand, so the button is only added here.
document.querySelectorAll("textarea.cite-text").forEach(function (box) {
  var button = document.createElement("button");
  var status = document.createElement("span");
  button.type = "button";
  button.className = "copy-button";
  button.textContent = "Copy";
  status.className = "copy-status";
  status.setAttribute("role", "status");
  box.insertAdjacentElement("afterend", status);
  box.insertAdjacentElement("afterend", button);

  function copied(ok) {
    status.textContent = ok ? "Copied" : "Select the text and copy it";
    window.setTimeout(function () { status.textContent = ""; }, 3000);
  }

  function fallback() {
    box.focus();
    box.select();
    try { copied(document.execCommand("copy")); } catch (e) { copied(false); }
  }

  button.addEventListener("click", function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(function () { copied(true); }, fallback);
    } else {
      fallback();
    }
  });
});
