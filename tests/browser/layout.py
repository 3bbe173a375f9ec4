"""The layout check (issue #20): what axe does not see.

``layout_problems(page)`` measures the rendered page in the browser and returns
a list of readable problems:

- form controls (inputs, selects, textareas, buttons, labels, legends, hints)
  whose boxes overlap;
- text squeezed to one syllable per line (a block of text with several lines
  but only a few characters on each, or a box narrower than about four
  characters);
- inputs, selects and textareas without a visible border, and selects without
  the KERN wrapper that draws their arrow;
- selects too narrow for the option they show (truncated text);
- a fieldset's legend with a question, label or hint beside it on the same line
  (a section heading must stand above its questions);
- buttons that touch each other (less than 4 px between them, side by side
  or one above the other);
- a filter bar's button far from its fields (more than 3rem after the control
  to its left on the same row: a field's control narrower than its field);
- the page wider than the window (horizontal scrolling).

Used by tests/browser/test_layout.py and scripts/screenshots.py.
"""

LAYOUT_CHECK = r"""
() => {
    const problems = [];
    const main = document.querySelector("main") || document.body;
    const name = (el) => {
        let text = el.tagName.toLowerCase();
        if (el.id) text += "#" + el.id;
        else if (el.getAttribute("name")) text += "[name=" + el.getAttribute("name") + "]";
        else if (typeof el.className === "string" && el.className.trim())
            text += "." + el.className.trim().split(/\s+/).join(".");
        const words = (el.innerText || el.value || "").trim().slice(0, 40);
        return words ? `${text} "${words}"` : text;
    };
    const shown = (el) => {
        if (el.closest("[aria-hidden=true], .visually-hidden, .kern-sr-only, .leaflet-container, [hidden]"))
            return false;
        const style = getComputedStyle(el);
        if (style.display === "none" || style.visibility === "hidden") return false;
        const box = el.getBoundingClientRect();
        return box.width >= 2 && box.height >= 2;
    };

    // 1. overlapping form controls
    const controls = [...main.querySelectorAll(
        "input:not([type=hidden]), select, textarea, button, label, legend, .kern-hint, .field-error"
    )].filter(shown);
    const boxes = controls.map((el) => el.getBoundingClientRect());
    for (let i = 0; i < controls.length; i++) {
        for (let j = i + 1; j < controls.length; j++) {
            const a = controls[i], b = controls[j];
            if (a.contains(b) || b.contains(a)) continue;
            const r = boxes[i], s = boxes[j];
            const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
            const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
            if (x > 2 && y > 2) problems.push(`overlap: ${name(a)} and ${name(b)}`);
        }
    }

    // 2. text wrapped to one syllable per line
    const textBlocks = [...main.querySelectorAll(
        "p, li, label, legend, dt, dd, td, th, h1, h2, h3, h4, a, span, .kern-hint"
    )].filter(shown);
    // the lines of an element's own text (not its children's, not a table row's
    // height): the distinct tops of its text nodes' line boxes
    const ownLines = (el) => {
        const tops = [];
        for (const node of el.childNodes) {
            if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const rect of range.getClientRects()) if (rect.width > 0) tops.push(rect.top);
        }
        tops.sort((a, b) => a - b);
        let lines = 0, last = -Infinity;
        for (const top of tops) if (top - last > 4) { lines++; last = top; }
        return lines;
    };
    for (const el of textBlocks) {
        const own = [...el.childNodes]
            .filter((node) => node.nodeType === Node.TEXT_NODE)
            .map((node) => node.textContent).join(" ").replace(/\s+/g, " ").trim();
        if (own.length < 8) continue;
        const lines = ownLines(el);
        if (lines >= 3 && own.length / lines < 6) {
            problems.push(`one syllable per line (${lines} lines): ${name(el)}`);
            continue;
        }
        const style = getComputedStyle(el);
        if (style.display === "inline") continue;
        const fontSize = parseFloat(style.fontSize);
        if (el.getBoundingClientRect().width < fontSize * 2.2 && el.innerText.trim().length > 4)
            problems.push(`text box narrower than four characters: ${name(el)}`);
    }

    // 3. controls without a visible border; selects without the KERN wrapper
    const visibleBorder = (el) => {
        const style = getComputedStyle(el);
        // KERN draws the file input's frame as a dashed outline
        if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1) return true;
        return ["Top", "Right", "Bottom", "Left"].some((side) => {
            const width = parseFloat(style[`border${side}Width`]);
            const colour = style[`border${side}Color`];
            return width >= 1 && style[`border${side}Style`] !== "none"
                && !/rgba\(.*,\s*0\)$/.test(colour) && colour !== "transparent";
        });
    };
    const fields = [...main.querySelectorAll(
        "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=image]), select, textarea"
    )].filter(shown);
    for (const el of fields) {
        const wrapper = el.closest(".kern-form-input__select-wrapper");
        if (!visibleBorder(el) && !(wrapper && visibleBorder(wrapper)))
            problems.push(`no visible border: ${name(el)}`);
        if (el.tagName === "SELECT" && !el.multiple) {
            if (!wrapper) problems.push(`select without the KERN wrapper (no arrow): ${name(el)}`);
            const option = el.options[el.selectedIndex];
            if (option) {
                const style = getComputedStyle(el);
                const canvas = document.createElement("canvas").getContext("2d");
                canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const needed = canvas.measureText(option.text).width;
                const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                if (needed > room + 2) problems.push(`select text cut off: ${name(el)} "${option.text}"`);
            }
        }
    }

    // 4. a legend with its fieldset's first question beside it instead of below
    for (const legend of main.querySelectorAll("fieldset > legend")) {
        if (!shown(legend)) continue;
        const own = legend.getBoundingClientRect();
        for (const el of controls) {
            if (legend.contains(el) || !legend.parentElement.contains(el)) continue;
            const box = el.getBoundingClientRect();
            if (box.left >= own.right - 2 && box.top < own.bottom - 2 && box.bottom > own.top + 2) {
                problems.push(`legend beside its question: ${name(legend)} and ${name(el)}`);
                break;
            }
        }
    }

    // 5. buttons that touch: side by side or stacked without a gap
    const buttons = [...main.querySelectorAll(
        "button, input[type=submit], input[type=button], .kern-btn"
    )].filter(shown).filter((el, i, all) => !all.some((other) => other !== el && other.contains(el)));
    const buttonBoxes = buttons.map((el) => el.getBoundingClientRect());
    for (let i = 0; i < buttons.length; i++) {
        for (let j = i + 1; j < buttons.length; j++) {
            const r = buttonBoxes[i], s = buttonBoxes[j];
            const overlapX = Math.min(r.right, s.right) - Math.max(r.left, s.left);
            const overlapY = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
            const gapX = Math.max(r.left, s.left) - Math.min(r.right, s.right);
            const gapY = Math.max(r.top, s.top) - Math.min(r.bottom, s.bottom);
            if ((overlapY > 2 && gapX > -2 && gapX < 4) || (overlapX > 2 && gapY > -2 && gapY < 4))
                problems.push(`buttons touch: ${name(buttons[i])} and ${name(buttons[j])}`);
        }
    }

    // 7. a filter bar's button beside its fields, not across a gap: the control
    // nearest to the button's left on the same row ends at most 3rem before it
    for (const bar of main.querySelectorAll(".filter-bar")) {
        const actions = bar.querySelector(".filter-bar__actions");
        if (!actions || !shown(actions)) continue;
        const a = actions.getBoundingClientRect();
        const before = [...bar.querySelectorAll(
            "input:not([type=hidden]), select, textarea, .kern-form-input__select-wrapper"
        )].filter(shown)
            // a checkbox or radio ends where its label does
            .map((el) => (el.type === "checkbox" || el.type === "radio" ? el.closest(".kern-form-check") || el.parentElement : el))
            .map((el) => [el, el.getBoundingClientRect()])
            .filter(([, r]) => r.right <= a.left + 1 && Math.min(r.bottom, a.bottom) - Math.max(r.top, a.top) > 2);
        if (!before.length) continue;
        const [el, r] = before.reduce((x, y) => (y[1].right > x[1].right ? y : x));
        if (a.left - r.right > 48)
            problems.push(`gap before the filter button: ${name(el)} ends ${Math.round(a.left - r.right)} px before it`);
    }

    // 6. no horizontal scrolling
    const width = document.documentElement.scrollWidth;
    if (width > window.innerWidth + 1)
        problems.push(`page wider than the window: ${width} > ${window.innerWidth}`);
    return problems;
}
"""


def layout_problems(page):
    return page.evaluate(LAYOUT_CHECK)
