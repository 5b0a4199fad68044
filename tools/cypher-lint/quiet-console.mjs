// The analyser may log; stdout must carry nothing but lint.mjs's JSON document.
console.log = console.info = console.debug = console.warn = console.error;
