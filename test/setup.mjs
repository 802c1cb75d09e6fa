// Loaded before every test file (.mocharc "require"): the SDK's Node-version notice is noise in
// test output on Node 20, which the project supports.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
