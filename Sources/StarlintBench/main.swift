print("starlint-bench: not built yet")
