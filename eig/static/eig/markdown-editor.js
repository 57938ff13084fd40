// Markdown fields of the content studio (eig/www/gestion/markdown/): a live
// preview, as the public site renders the text, and the check of its links to
// pages of this site, as staff type (progressive enhancement). Without
// JavaScript the field is a plain textarea and the guide stays readable.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) {
    return;
  }
  var DELAY = 600;

  function csrfToken(element) {
    var form = element.closest("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setup(root) {
    if (root.hasAttribute("data-eig-markdown-ready")) {
      return;
    }
    root.setAttribute("data-eig-markdown-ready", "");
    var textarea = root.querySelector("textarea");
    var preview = root.querySelector("[data-eig-markdown-preview]");
    var output = root.querySelector("[data-eig-markdown-output]");
    var status = root.querySelector("[data-eig-markdown-status]");
    var warnings = root.querySelector("[data-eig-markdown-warnings]");
    var warningList = root.querySelector("[data-eig-markdown-warning-list]");
    var url = root.getAttribute("data-preview-url");
    if (!textarea || !preview || !output || !url) {
      return;
    }
    var timer = null;
    var sent = 0;

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function showWarnings(list) {
      if (!warnings || !warningList) {
        return;
      }
      warningList.textContent = "";
      list.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        warningList.appendChild(item);
      });
      warnings.hidden = list.length === 0;
    }

    function refresh() {
      timer = null;
      var number = ++sent;
      var data = new FormData();
      data.append("text", textarea.value);
      data.append("top_heading", root.getAttribute("data-top-heading") || "2");
      window
        .fetch(url, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(root), Accept: "application/json" },
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (answer) {
          if (number !== sent) {
            return; // an older answer, after a newer one was asked
          }
          // Sanitised by the server (eig/core/markdown.py), as on the public site.
          output.innerHTML = answer.html;
          showWarnings(answer.link_warnings || []);
          say("");
        })
        .catch(function () {
          if (number === sent) {
            say("L'aperçu n'a pas pu être mis à jour ; le texte, lui, sera bien enregistré.");
          }
        });
    }

    function schedule() {
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(refresh, DELAY);
    }

    preview.hidden = false;
    root.classList.add("eig-markdown--live");
    textarea.addEventListener("input", schedule);
    refresh();
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-eig-markdown]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
