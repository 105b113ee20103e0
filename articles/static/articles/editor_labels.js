// The article body's editor (django-prose-editor) names its toolbar buttons and text styles in English only; its
// dialogs already speak the admin's language through Django's JavaScript catalogue (the admin's jsi18n). This
// gives the toolbar the same words, from the same catalogue (locale/id/LC_MESSAGES/djangojs.po): a name the
// catalogue does not know, or that a later version of the editor renames, stays as the editor wrote it.
"use strict";

(() => {
  const names = {
    paragraph: gettext("paragraph"),
    "unordered list": gettext("unordered list"),
    "ordered list": gettext("ordered list"),
    blockquote: gettext("blockquote"),
    bold: gettext("bold"),
    italic: gettext("italic"),
    "insert link": gettext("insert link"),
    "remove link": gettext("remove link"),
    undo: gettext("undo"),
    redo: gettext("redo"),
  };
  const styles = {
    "Heading 2": gettext("Heading 2"),
    "Heading 3": gettext("Heading 3"),
    Paragraph: gettext("Paragraph"),
  };

  function localise(menubar) {
    for (const button of menubar.querySelectorAll("[title]")) {
      const name = names[button.getAttribute("title")];
      if (name) {
        button.title = name;
        button.setAttribute("aria-label", name);
      }
    }
    for (const style of menubar.querySelectorAll("h2, h3, p")) {
      const name = styles[style.textContent.trim()];
      if (name) {
        style.textContent = name;
      }
    }
  }

  // The editor draws its toolbar after this script has run; each toolbar is localised once, when it appears.
  const done = new WeakSet();
  const observer = new MutationObserver(() => {
    for (const menubar of document.querySelectorAll(".prose-menubar")) {
      if (!done.has(menubar)) {
        done.add(menubar);
        localise(menubar);
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
})();
