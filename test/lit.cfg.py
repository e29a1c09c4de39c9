# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "attnc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".attn", ".py"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs", "fuzz", "README.md", "lib"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.attnc_obj_root, "test")

config.substitutions.append(("%attnc_src_root", config.attnc_src_root))
config.substitutions.append(("%attnc_tools_dir", config.attnc_tools_dir))
config.substitutions.append(("%attnc_obj_root", config.attnc_obj_root))

llvm_config.use_default_substitutions()
# Independent-form tests use NumPy from Debian's python3-numpy (scripts/setup.sh
# installs it), so they run with Debian's interpreter.
config.substitutions.append(("%numpy_python", "/usr/bin/python3"))
config.environment["PYTHONPATH"] = os.path.join(
    config.attnc_src_root, "test", "reference", "lib")
config.environment["ATTNC"] = os.path.join(config.attnc_tools_dir, "attnc")
config.environment["ATTNC_EXAMPLES"] = os.path.join(config.attnc_src_root,
                                                    "examples")
# The CPU backend's JIT cache: shared when the caller sets one (scripts/test.sh
# shares it between builds, which emit the same sources), else per build.
config.environment["ATTNC_CACHE_DIR"] = os.environ.get(
    "ATTNC_CACHE_DIR", os.path.join(config.attnc_obj_root, "test", "jit-cache"))
if "ATTNC_CXX" in os.environ:
    config.environment["ATTNC_CXX"] = os.environ["ATTNC_CXX"]
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["attn-opt", "attn-translate", "attnc"], [config.attnc_tools_dir])

if config.attnc_self_contained in ("ON", "1", "TRUE", "YES", "On", "on"):
    config.available_features.add("self-contained")
if config.attnc_sanitize in ("ON", "1", "TRUE", "YES", "On", "on"):
    config.available_features.add("sanitize")
    # Debian's LLVM/MLIR libraries are not instrumented, while LLVM's headers
    # poison allocator memory in instrumented code; the mix gives false
    # use-after-poison reports, so manual poisoning is ignored. Everything
    # else (heap/stack overflows, use-after-free, leaks, UB) stays on, and any
    # report fails the test.
    config.environment["ASAN_OPTIONS"] = (
        "allow_user_poisoning=0:detect_leaks=1:abort_on_error=0:exitcode=99"
    )
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    config.environment["LSAN_OPTIONS"] = "suppressions=" + os.path.join(
        config.attnc_src_root, "test", "lsan.supp")
# CUDA compile tests need the toolkit (no GPU): nvcc, and NVRTC for
# --emit=cubin. Looked for in $ATTNC_CUDA_HOME (the build's toolkit, which
# scripts/setup.sh may have installed from PyPI), $CUDA_HOME, /usr/local/cuda,
# then nvcc on PATH; $ATTNC_NVRTC, else the first libnvrtc found there, is the
# NVRTC the runtime loads in the tests.
import shutil
cuda_homes = [h for h in (getattr(config, "attnc_cuda_home", ""),
                          os.environ.get("ATTNC_CUDA_HOME"),
                          os.environ.get("CUDA_HOME"), "/usr/local/cuda") if h]
nvcc = next((os.path.join(h, "bin", "nvcc") for h in cuda_homes
             if os.access(os.path.join(h, "bin", "nvcc"), os.X_OK)),
            shutil.which("nvcc"))
if nvcc:
    config.available_features.add("nvcc")
    config.environment["NVCC"] = nvcc
nvrtc = os.environ.get("ATTNC_NVRTC") or next(
    (os.path.join(h, lib, name) for h in cuda_homes
     for lib in ("lib64", "lib")
     for name in ("libnvrtc.so", "libnvrtc.so.13")
     if os.path.exists(os.path.join(h, lib, name))), None)
if nvrtc:
    config.available_features.add("nvrtc")
    # The runtime tries $ATTNC_NVRTC first.
    config.environment["ATTNC_NVRTC"] = nvrtc
# CI on a machine that should have the toolkit sets ATTNC_REQUIRE_CUDA_TOOLKIT=1
# (scripts/test.sh does): a missing nvcc or NVRTC is then an error, not a
# quiet "unsupported" for every CUDA compile test.
if os.environ.get("ATTNC_REQUIRE_CUDA_TOOLKIT", "") not in ("", "0"):
    missing = [what for what, found in (("nvcc", nvcc), ("NVRTC (libnvrtc.so)", nvrtc))
               if not found]
    if missing:
        lit_config.fatal(
            "ATTNC_REQUIRE_CUDA_TOOLKIT is set but %s %s not found (looked in "
            "%s and PATH); run scripts/setup.sh, which installs the CUDA "
            "compiler, or set ATTNC_CUDA_HOME to a CUDA 13 toolkit"
            % (" and ".join(missing), "is" if len(missing) == 1 else "are",
               ", ".join(cuda_homes)))
import subprocess
try:
    if subprocess.run(["nvidia-smi", "-L"], capture_output=True).returncode == 0:
        config.available_features.add("gpu")
except OSError:
    pass
