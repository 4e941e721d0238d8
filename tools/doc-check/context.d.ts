// Names a fragment may use without declaring them: none yet.
export {};
