# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "attnc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.attnc_obj_root, "test")

config.substitutions.append(("%attnc_src_root", config.attnc_src_root))
config.substitutions.append(("%attnc_tools_dir", config.attnc_tools_dir))
config.substitutions.append(("%attnc_obj_root", config.attnc_obj_root))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["attn-opt"], [config.attnc_tools_dir])

if config.attnc_self_contained in ("ON", "1", "TRUE", "YES", "On", "on"):
    config.available_features.add("self-contained")
if config.attnc_sanitize in ("ON", "1", "TRUE", "YES", "On", "on"):
    config.available_features.add("sanitize")
