/* Suggests the desk's existing tags while an editor types in a comma-separated tag field.

   The field (an <input data-suggestions="URL">) stays a plain list of names separated by commas: this only
   offers, for the name under the caret, the tags the desk already uses (GET URL?q=...), so "rus" becomes
   "Rusia" rather than a new "Russia". Keyboard: arrows to move, Enter to take, Escape to close. The list is an
   ARIA combobox's listbox, so screen readers announce the suggestions. */
"use strict";
{
    const DELAY_MS = 120;

    // The field's names as the server reads them (articles/tagging.py: split at commas outside double quotes,
    // quotes and spaces trimmed), each with the stretch of the field it takes: [start, end).
    function parts(value) {
        const found = [];
        let start = 0;
        let quoted = false;
        for (let i = 0; i <= value.length; i++) {
            if (value[i] === '"') {
                quoted = !quoted;
            } else if (i === value.length || (value[i] === "," && !quoted)) {
                const name = value.slice(start, i).trim().replace(/^"(.*)"$/, "$1").trim();
                found.push({start, end: i, name});
                start = i + 1;
            }
        }
        return found;
    }

    function partAtCaret(input) {
        const caret = input.selectionStart ?? input.value.length;
        return parts(input.value).find((part) => part.start <= caret && caret <= part.end);
    }

    function namesInField(input) {
        return new Set(parts(input.value).map((part) => part.name.toLowerCase()).filter(Boolean));
    }

    function setUp(input) {
        const list = document.createElement("ul");
        list.id = `${input.id}_suggestions`;
        list.className = "tag-suggestions";
        list.setAttribute("role", "listbox");
        const label = input.labels && input.labels[0];
        if (label) {
            list.setAttribute("aria-label", label.textContent.replace(/:\s*$/, ""));
        }
        list.hidden = true;
        input.insertAdjacentElement("afterend", list);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("autocomplete", "off");

        let timer = null;
        let latest = 0;
        let active = -1;

        function options() {
            return Array.from(list.children);
        }

        function close() {
            list.hidden = true;
            list.replaceChildren();
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(index) {
            const all = options();
            active = index;
            all.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", all[index].id);
                all[index].scrollIntoView({block: "nearest"});
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function take(name) {
            const {start, end} = partAtCaret(input);
            const before = input.value.slice(0, start);
            const after = input.value.slice(end);
            // A name with a comma in it must be quoted, as the server writes it.
            const written = name.includes(",") ? `"${name}"` : name;
            const lead = before ? " " : "";
            const tail = after ? after : ", ";
            input.value = before + lead + written + tail;
            const caret = (before + lead + written).length + (after ? 0 : 2);
            input.setSelectionRange(caret, caret);
            close();
            input.dispatchEvent(new Event("change", {bubbles: true}));
        }

        function show(names) {
            const already = namesInField(input);
            const typed = partAtCaret(input).name.toLowerCase();
            const fresh = names.filter((name) => !already.has(name.toLowerCase()) || name.toLowerCase() === typed);
            if (!fresh.length || (fresh.length === 1 && fresh[0].toLowerCase() === typed)) {
                close();
                return;
            }
            list.replaceChildren(...fresh.map((name, i) => {
                const option = document.createElement("li");
                option.id = `${list.id}_${i}`;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.textContent = name;
                // mousedown, not click: the field keeps the focus (and its caret) while the name is taken.
                option.addEventListener("mousedown", (event) => {
                    event.preventDefault();
                    take(name);
                });
                return option;
            }));
            // Under the field, at least as wide as it (offsets are within the row, which admin.css positions).
            list.style.left = `${input.offsetLeft}px`;
            list.style.top = `${input.offsetTop + input.offsetHeight}px`;
            list.style.minWidth = `${input.offsetWidth}px`;
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            highlight(-1);
        }

        function suggest() {
            const typed = partAtCaret(input).name;
            if (!typed) {
                close();
                return;
            }
            const request = ++latest;
            const url = `${input.dataset.suggestions}?q=${encodeURIComponent(typed)}`;
            fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
                .then((response) => (response.ok ? response.json() : {tags: []}))
                .then((data) => {
                    // An answer to an earlier keystroke that arrives late is dropped.
                    if (request === latest && document.activeElement === input) {
                        show(data.tags);
                    }
                })
                .catch(close);
        }

        input.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(suggest, DELAY_MS);
        });
        input.addEventListener("keydown", (event) => {
            // A taken suggestion ends with its separator (", "); the comma (and space) an editor types next out of
            // habit would make an empty name between two commas: it is the separator already there, so it is dropped.
            const caret = input.selectionStart ?? 0;
            const before = input.value.slice(0, caret);
            const separated = (event.key === "," && /,\s*$/.test(before)) || (event.key === " " && /, $/.test(before));
            if (separated && caret === input.selectionEnd) {
                event.preventDefault();
                return;
            }
            if (list.hidden) {
                return;
            }
            const count = options().length;
            if (event.key === "ArrowDown") {
                event.preventDefault();
                highlight((active + 1) % count);
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                highlight(active <= 0 ? count - 1 : active - 1);
            } else if (event.key === "Enter" && active >= 0) {
                // Takes the suggestion instead of submitting the form.
                event.preventDefault();
                take(options()[active].textContent);
            } else if (event.key === "Escape") {
                event.preventDefault();
                close();
            }
        });
        input.addEventListener("blur", close);
    }

    function setUpAll() {
        document.querySelectorAll("input[data-suggestions]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUpAll);
    } else {
        setUpAll();
    }
}
