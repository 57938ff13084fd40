// Review form: save the draft as the reviewer types (progressive enhancement).
// Without JavaScript the "Enregistrer le brouillon" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var timer = null;
  var pending = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    timer = null;
    if (pending) {
      timer = window.setTimeout(save, 500);
      return;
    }
    pending = true;
    var data = new FormData(form);
    data.set("action", "draft");
    window
      .fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Autosave": "1" },
      })
      .then(function (response) {
        if (response.ok) {
          var now = new Date();
          say(
            "Brouillon enregistré automatiquement à " +
              now.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" }) +
              "."
          );
        } else {
          say("Le brouillon n'a pas pu être enregistré : utilisez le bouton « Enregistrer le brouillon ».");
        }
      })
      .catch(function () {
        say("Le brouillon n'a pas pu être enregistré : utilisez le bouton « Enregistrer le brouillon ».");
      })
      .finally(function () {
        pending = false;
      });
  }

  function schedule(delay) {
    if (timer) {
      window.clearTimeout(timer);
    }
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("change", function () {
    schedule(300);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      schedule(2000);
    }
  });
})();
