// Comments, enhanced. A page every reader shares carries no per-visitor tokens in
// its form (data-tokens names where to get them): they are fetched when the reader
// starts writing, so the minimum fill time counts from then. Without JavaScript
// (or if the fetch fails) the form still posts and the site asks for one more send.
(function () {
  "use strict";
  var form = document.querySelector("form[data-tokens]");
  if (!form || !window.fetch) return;
  var request = null;
  var sending = false;

  function hidden(name) {
    var input = form.querySelector('input[name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.insertBefore(input, form.firstChild);
    }
    return input;
  }

  function fetchTokens() {
    if (!request) {
      request = fetch(form.getAttribute("data-tokens"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error("tokens: " + response.status);
          return response.json();
        })
        .then(function (tokens) {
          hidden("token").value = tokens.token;
          hidden("csrfmiddlewaretoken").value = tokens.csrfmiddlewaretoken;
        })
        .catch(function () {
          request = null; // tried again on the next keystroke; the post still works
        });
    }
    return request || Promise.resolve();
  }

  form.addEventListener("focusin", fetchTokens);
  form.addEventListener("input", fetchTokens);
  form.addEventListener("submit", function (event) {
    if (sending || hidden("token").value) return;
    event.preventDefault();
    sending = true;
    fetchTokens().then(function () {
      form.submit();
    });
  });
})();

// "Reply" moves the form under the comment and sets its parent.
// Without JavaScript the Reply link reloads the page with ?replytocom= and works the same.
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;
  var form = respond.querySelector("form");
  var parentInput = form && form.querySelector('input[name="parent"]');
  if (!parentInput) return;
  var home = document.createComment("comment form home");
  respond.parentNode.insertBefore(home, respond);
  var heading = document.getElementById("respond-heading");

  function replyingNote() {
    var note = respond.querySelector(".comment-form__replying");
    if (!note) {
      note = document.createElement("p");
      note.className = "comment-form__replying";
      note.appendChild(document.createTextNode("Replying to a comment. "));
      var cancel = document.createElement("a");
      cancel.href = "#respond";
      cancel.setAttribute("data-cancel-reply", "");
      cancel.textContent = "Cancel reply";
      note.appendChild(cancel);
      heading.parentNode.insertBefore(note, heading.nextSibling);
    }
    return note;
  }

  function replyTo(link, focus) {
    var comment = link.closest("li.comment");
    if (!comment) return false;
    var body = comment.querySelector(":scope > article");
    body.parentNode.insertBefore(respond, body.nextSibling);
    parentInput.value = link.getAttribute("data-reply-to");
    var author = comment.querySelector(".comment__author");
    var note = replyingNote();
    note.firstChild.textContent =
      "Replying to " + (author ? author.textContent.trim() : "a comment") + ". ";
    respond.classList.add("comment-form--inline");
    var text = form.querySelector("textarea");
    if (text && focus) text.focus();
    return true;
  }

  function cancelReply() {
    home.parentNode.insertBefore(respond, home.nextSibling);
    parentInput.value = "";
    var note = respond.querySelector(".comment-form__replying");
    if (note) note.parentNode.removeChild(note);
    respond.classList.remove("comment-form--inline");
  }

  // Arrived with a parent already set (?replytocom=, or a refused reply shown
  // again): show the form where the reply will go.
  if (parentInput.value) {
    var pending = document.querySelector('a[data-reply-to="' + parentInput.value + '"]');
    if (pending) replyTo(pending, false);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var reply = target.closest("a[data-reply-to]");
    if (reply && replyTo(reply, true)) {
      event.preventDefault();
      return;
    }
    if (target.closest("a[data-cancel-reply]")) {
      event.preventDefault();
      cancelReply();
    }
  });
})();
