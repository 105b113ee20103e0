/* The photo's focal point, set by clicking on the picture in the library form.

   The picture (<img data-focal-point>) sits in a frame with a marker; a click (or Enter/Space on the focused
   picture, which sets the middle) writes the point as fractions of the width and height into the form's
   focal_x and focal_y fields, which stay visible and editable for keyboard users. The renditions are cut
   around it when the photo is saved. */
"use strict";
{
    function round(value) {
        return Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
    }

    function setUp(picture) {
        const form = picture.closest("form");
        const fieldX = form.querySelector("[name=focal_x]");
        const fieldY = form.querySelector("[name=focal_y]");
        const marker = picture.parentElement.querySelector(".focal-point-marker");
        if (!fieldX || !fieldY || !marker) {
            return;
        }
        function show() {
            marker.style.left = `${Number(fieldX.value || 0.5) * 100}%`;
            marker.style.top = `${Number(fieldY.value || 0.5) * 100}%`;
        }
        function choose(x, y) {
            fieldX.value = round(x);
            fieldY.value = round(y);
            show();
        }
        picture.addEventListener("click", (event) => {
            const box = picture.getBoundingClientRect();
            choose((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
        });
        picture.addEventListener("keydown", (event) => {
            if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                choose(0.5, 0.5);
            }
        });
        fieldX.addEventListener("input", show);
        fieldY.addEventListener("input", show);
        show();
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("img[data-focal-point]").forEach(setUp);
    });
}
