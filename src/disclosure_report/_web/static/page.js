// The upload form without a click: a file dropped on it, or chosen, is sent at once.
// Everything works without this script; it only saves a step.
(function () {
  "use strict";
  var form = document.querySelector("form.upload");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[type=file]");
  function send() {
    form.classList.add("busy");
    form.submit();
  }
  form.classList.add("droppable");
  ["dragenter", "dragover"].forEach(function (type) {
    form.addEventListener(type, function (event) {
      event.preventDefault();
      form.classList.add("over");
    });
  });
  form.addEventListener("dragleave", function () {
    form.classList.remove("over");
  });
  form.addEventListener("drop", function (event) {
    event.preventDefault();
    form.classList.remove("over");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      send();
    }
  });
  input.addEventListener("change", function () {
    if (input.files.length) {
      send();
    }
  });
  form.addEventListener("submit", function () {
    form.classList.add("busy");
  });
})();
