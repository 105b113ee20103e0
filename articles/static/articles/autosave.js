/* Autosave for the article form: its text and settings are posted to the server every ~30 s while they change,
   and at once when the tab is hidden (another tab, the phone's lock, a closing window), so a crash or a closed tab
   loses at most half a minute. The server keeps one autosave per person and article (admin/autosave.py); it
   never saves the article itself. The status line says when the last one was kept. */
"use strict";
{
    function setUp(status) {
        const form = document.getElementById("article_form");
        if (!form) {
            return;
        }
        const fields = status.dataset.autosaveFields.split(" ");
        const token = form.querySelector("input[name=csrfmiddlewaretoken]");

        function state() {
            const all = new FormData(form);
            const kept = new FormData();
            fields.forEach((name) => all.getAll(name).forEach((value) => kept.append(name, value)));
            return kept;
        }

        function fingerprint(data) {
            return JSON.stringify(Array.from(data.entries()));
        }

        let saved = fingerprint(state());
        let leaving = false;
        form.addEventListener("submit", () => {
            leaving = true; // the form itself is being saved: an autosave now would only be discarded
        });

        function save() {
            const data = state();
            const current = fingerprint(data);
            if (leaving || current === saved) {
                return;
            }
            data.append("csrfmiddlewaretoken", token.value);
            // keepalive: the request outlives the page when the tab is being closed.
            fetch(status.dataset.autosaveUrl, {method: "POST", body: data, credentials: "same-origin", keepalive: true})
                .then((response) => (response.ok ? response.json() : Promise.reject(response)))
                .then((answer) => {
                    saved = current;
                    status.textContent = answer.message;
                })
                .catch(() => {}); // tried again at the next interval
        }

        setInterval(save, Number(status.dataset.autosaveInterval));
        document.addEventListener("visibilitychange", () => {
            if (document.visibilityState === "hidden") {
                save();
            }
        });
    }

    function setUpAll() {
        document.querySelectorAll("[data-autosave-url]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUpAll);
    } else {
        setUpAll();
    }
}
