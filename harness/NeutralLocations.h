//===- NeutralLocations.h - file names out of emitted programs --*- C++ -*-===//
//
// The JITs' disk cache keys hold the emitted program; its error messages
// hold the locations of the ops, and so the source file's path. While a
// NeutralLocations lives, the file names of the locations are tokens
// (`@attnc-file-0@`), so that the same variant from another directory is
// the same program (one cache entry); restore() puts the names back into a
// message the program returns.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_HARNESS_NEUTRALLOCATIONS_H
#define ATTNC_HARNESS_NEUTRALLOCATIONS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <utility>
#include <vector>

namespace attnc {

/// Replaces the file names of the locations in `op` with tokens while it
/// lives, so that the emitted program (the disk cache's key) does not
/// depend on where the source file is: the same variant from another
/// directory is the same program. restore() puts the names back into a
/// message the program returns.
class NeutralLocations {
public:
  explicit NeutralLocations(mlir::Operation *root) {
    root->walk([&](mlir::Operation *op) {
      auto loc = mlir::dyn_cast<mlir::FileLineColLoc>(op->getLoc());
      if (!loc)
        return;
      llvm::StringRef file = loc.getFilename().getValue();
      auto [it, inserted] = tokens_.try_emplace(file, "");
      if (inserted) {
        it->second = "@attnc-file-" + std::to_string(files_.size()) + "@";
        files_.push_back(file.str());
      }
      saved_.push_back({op, op->getLoc()});
      op->setLoc(mlir::FileLineColLoc::get(
          mlir::StringAttr::get(op->getContext(), it->second), loc.getLine(),
          loc.getColumn()));
    });
  }
  ~NeutralLocations() {
    for (auto [op, loc] : saved_)
      op->setLoc(loc);
  }
  std::string restore(std::string message) const {
    for (auto [n, file] : llvm::enumerate(files_)) {
      std::string token = "@attnc-file-" + std::to_string(n) + "@";
      for (size_t at = message.find(token); at != std::string::npos;
           at = message.find(token, at + file.size()))
        message.replace(at, token.size(), file);
    }
    return message;
  }

private:
  llvm::StringMap<std::string> tokens_;
  std::vector<std::string> files_;
  std::vector<std::pair<mlir::Operation *, mlir::Location>> saved_;
};

} // namespace attnc

#endif // ATTNC_HARNESS_NEUTRALLOCATIONS_H
