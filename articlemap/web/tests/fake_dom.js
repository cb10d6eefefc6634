// A small fake DOM for the node tests: elements and text nodes, and no way to put HTML in
// (innerHTML, outerHTML, insertAdjacentHTML and document.write throw).
class FakeText {
  constructor(data) {
    this.data = String(data);
  }
  get textContent() {
    return this.data;
  }
}

function refuse(what) {
  return () => {
    throw new Error(what + " used: text must go in as text nodes");
  };
}

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.className = "";
    this.childNodes = [];
    this.attributes = {};
    this.dataset = {};
    this.hidden = false;
    const properties = {};
    this.properties = properties;
    this.style = {
      setProperty: (name, value) => {
        properties[name] = value;
      },
    };
    this.classList = {
      add: (name) => this.setClasses([...this.classes(), name]),
      toggle: (name, on) => {
        const rest = this.classes().filter((c) => c !== name);
        this.setClasses(on ? [...rest, name] : rest);
      },
      contains: (name) => this.classes().includes(name),
    };
  }
  classes() {
    return this.className.split(" ").filter(Boolean);
  }
  setClasses(names) {
    this.className = names.join(" ");
  }
  appendChild(child) {
    if (!(child instanceof FakeElement || child instanceof FakeText)) {
      throw new Error("not a node: " + String(child));
    }
    child.remove?.();
    child.parentNode = this;
    this.childNodes.push(child);
    return child;
  }
  // Put `node` next to this one in its parent (before: offset 0, after: offset 1).
  insertBeside(node, offset) {
    if (!this.parentNode) {
      throw new Error("no parent to insert beside");
    }
    node.remove?.();
    const siblings = this.parentNode.childNodes;
    siblings.splice(siblings.indexOf(this) + offset, 0, node);
    node.parentNode = this.parentNode;
  }
  before(node) {
    this.insertBeside(node, 0);
  }
  after(node) {
    this.insertBeside(node, 1);
  }
  remove() {
    if (this.parentNode) {
      const siblings = this.parentNode.childNodes;
      siblings.splice(siblings.indexOf(this), 1);
      this.parentNode = null;
    }
  }
  // The root a component is drawn in: the test sets .host to stand for a shadow root's.
  getRootNode() {
    return this.parentNode ? this.parentNode.getRootNode() : this;
  }
  append(...children) {
    for (const c of children) {
      this.appendChild(typeof c === "string" ? new FakeText(c) : c);
    }
  }
  replaceChildren(...children) {
    for (const c of this.childNodes) {
      c.parentNode = null;
    }
    this.childNodes = [];
    this.append(...children);
  }
  setAttribute(name, value) {
    this.attributes[name] = String(value);
  }
  getAttribute(name) {
    return name in this.attributes ? this.attributes[name] : null;
  }
  get textContent() {
    return this.childNodes.map((c) => c.textContent).join("");
  }
  set textContent(text) {
    this.childNodes = [new FakeText(text)];
  }
  // The elements below this one with the class name (depth first).
  find(className) {
    const out = [];
    for (const c of this.childNodes) {
      if (c instanceof FakeElement) {
        if (c.classes().includes(className)) {
          out.push(c);
        }
        out.push(...c.find(className));
      }
    }
    return out;
  }
  // Class selectors only: ".a" or ".a, .b".
  querySelectorAll(selector) {
    const names = selector.split(",").map((part) => part.trim().replace(/^\./, ""));
    return this.find(names[0]).concat(...names.slice(1).map((name) => this.find(name)));
  }
  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }
  one(className) {
    const found = this.find(className);
    if (found.length !== 1) {
      throw new Error(found.length + " elements with class " + className);
    }
    return found[0];
  }
}
Object.defineProperty(FakeElement.prototype, "innerHTML", { set: refuse("innerHTML") });
Object.defineProperty(FakeElement.prototype, "outerHTML", { set: refuse("outerHTML") });
FakeElement.prototype.insertAdjacentHTML = refuse("insertAdjacentHTML");

function fakeDocument() {
  return {
    createElement: (tag) => new FakeElement(tag),
    createTextNode: (data) => new FakeText(data),
    write: refuse("document.write"),
  };
}

// Every text node's text under `node`, in order.
function allText(node) {
  return node instanceof FakeText ? [node.data] : node.childNodes.flatMap(allText);
}

module.exports = { FakeElement, FakeText, fakeDocument, allText };
