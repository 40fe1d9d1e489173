// The target that builds the test programs' precompiled header (tests/CMakeLists.txt:
// huizong_test_pch); every test program reuses it. Nothing to compile here.
