//===- AttnOps.td - ops of the attn dialect ---------------------*- tablegen -*-===//
//
// IR level 1 ("attn IR"): one `attn.variant` holds one attention variant.
// Ops fall into six groups: the container, tensor-level preprocessing of
// inputs, scores (build and modify), masks (build, combine, apply),
// normalisers (logits -> probs), and outputs (reduce, combine, epilogues).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_DIALECT_ATTNOPS_TD
#define ATTNC_DIALECT_ATTNOPS_TD

include "dialect/AttnDialect.td"
include "dialect/AttnEnums.td"
include "dialect/AttnTypes.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def Attn_Tensor : RankedTensorOf<[AnyType]>;
def Attn_FloatTensor : RankedTensorOf<[AnyFloat]>;
def Attn_F32Tensor : RankedTensorOf<[F32]>;
def Attn_IntTensor : RankedTensorOf<[AnySignlessInteger]>;

//===----------------------------------------------------------------------===//
// Container
//===----------------------------------------------------------------------===//

def Attn_VariantOp : Attn_Op<"variant", [
    FunctionOpInterface, IsolatedFromAbove, Symbol,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "one attention variant";
  let description = [{
    Holds one attention variant as a function of tensors: the block arguments
    are the inputs (q, k, v and every parameter: slopes, gates, decays,
    stencil weights, document ids, block masks, sink logits), the results
    are the outputs (the attention output, optionally an LSE). Which argument
    plays which role follows from its uses. An argument's name (the one users
    bind inputs by) is its `attn.name` argument attribute; the printer uses
    it for the SSA name too. `attn.dims` optionally names its run-time sizes
    (`["B", "H", "N", ""]`, "" for static dimensions), so that tools can bind
    sizes by name; equal names must have equal sizes at run time.

    ```mlir
    attn.variant @causal(%q: tensor<?x?x?x64xbf16>, %k: tensor<?x?x?x64xbf16>,
                         %v: tensor<?x?x?x64xbf16>) -> tensor<?x?x?x64xbf16> {
      %s = attn.qk %q, %k : tensor<?x?x?x64xbf16>, tensor<?x?x?x64xbf16>
             -> !attn.scores<logits, ?>
      %c = attn.causal
      %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, ?>
      %p = attn.softmax %m : !attn.scores<logits, ?> -> !attn.scores<probs, ?>
      %o = attn.pv %p, %v : !attn.scores<probs, ?>, tensor<?x?x?x64xbf16>
             -> tensor<?x?x?x64xbf16>
      attn.return %o : tensor<?x?x?x64xbf16>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs);
  let regions = (region SizedRegion<1>:$body);
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name,
                                 "::mlir::FunctionType":$type)>];
  let extraClassDeclaration = [{
    /// FunctionOpInterface hooks.
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    ::mlir::Region *getCallableRegion() { return &getBody(); }

    /// The argument attribute holding an input's name.
    static ::llvm::StringRef getArgNameAttrName() { return "attn.name"; }
    /// The name of argument `index`, or "" when it has none.
    ::llvm::StringRef getArgName(unsigned index);
    /// The argument attribute naming an input's run-time sizes.
    static ::llvm::StringRef getArgDimsAttrName() { return "attn.dims"; }
    /// The names of argument `index`'s dimensions ("" for static or unnamed
    /// ones), one per dimension.
    ::llvm::SmallVector<::llvm::StringRef> getArgDimNames(unsigned index);
  }];
  let hasCustomAssemblyFormat = 1;
  let skipDefaultBuilders = 1;
  let hasVerifier = 1;
}

def Attn_ReturnOp : Attn_Op<"return", [Pure, HasParent<"VariantOp">,
                                       Terminator, ReturnLike]> {
  let summary = "the outputs of a variant";
  let description = [{
    Ends an `attn.variant`; its operands must match the variant's result
    types.

    ```mlir
    attn.return %o, %lse : tensor<?x?x?x64xbf16>, tensor<?x?x?xf32>
    ```
  }];
  let arguments = (ins Variadic<Attn_Tensor>:$operands);
  let assemblyFormat = "($operands^ `:` type($operands))? attr-dict";
  let hasVerifier = 1;
}

def Attn_YieldOp : Attn_Op<"yield", [Pure, Terminator, ReturnLike,
    ParentOneOf<["MapOp", "PredicateOp", "BlockPredicateOp", "FeatureMapOp",
                 "OutputMapOp"]>]> {
  let summary = "the value of an elementwise region";
  let description = [{
    Ends the region of `attn.map`, `attn.output_map`, `attn.feature_map`
    (one f32) and of `attn.predicate`, `attn.block_predicate` (one i1).

    ```mlir
    attn.yield %x : f32
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "$values attr-dict `:` type($values)";
}

//===----------------------------------------------------------------------===//
// Index and parameter access (inside and outside regions)
//===----------------------------------------------------------------------===//

def Attn_DimOp : Attn_Op<"dim", [Pure]> {
  let summary = "the size of one dimension of a tensor";
  let description = [{
    The run-time size of dimension `index` of `source`, e.g. the key length
    M of `k`. Folds to a constant when the dimension is static.

    ```mlir
    %M = attn.dim %k[2] : tensor<?x?x?x64xbf16>
    ```
  }];
  let arguments = (ins Attn_Tensor:$source, I64Attr:$index);
  let results = (outs Index:$result);
  let assemblyFormat = "$source `[` $index `]` attr-dict `:` type($source)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Attn_LoadOp : Attn_Op<"load", [Pure,
    TypesMatchWith<"result is the element type of the source",
                   "source", "result",
                   "::llvm::cast<::mlir::ShapedType>($_self).getElementType()">]> {
  let summary = "read one element of a parameter tensor";
  let description = [{
    Reads `source[indices]`, typically inside an elementwise region: a slope
    per head, a document id per token, a bias table entry. An index outside
    the tensor is an error the evaluators report at run time.

    ```mlir
    %m = attn.load %slope[%h] : tensor<8xf32>
    ```
  }];
  let arguments = (ins Attn_Tensor:$source, Variadic<Index>:$indices);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$source `[` $indices `]` attr-dict `:` type($source)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Tensor-level preprocessing of inputs
//===----------------------------------------------------------------------===//

def Attn_FeatureMapOp : Attn_Op<"feature_map", [Pure,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "an elementwise feature map on q, k or v";
  let description = [{
    Applies the region to every element of a `[B, H, T, D]` tensor, e.g.
    `elu(x) + 1` for linear attention. The region receives the indices
    `(b, h, t, d)` and the element as f32, and yields an f32; the result
    tensor has the same shape, with the result's element type as storage.

    ```mlir
    %fq = attn.feature_map %q : tensor<?x?x?x64xbf16> -> tensor<?x?x?x64xbf16> {
    ^bb0(%b: index, %h: index, %t: index, %d: index, %x: f32):
      %y = math.exp %x : f32
      attn.yield %y : f32
    }
    ```
  }];
  let arguments = (ins Attn_FloatTensor:$input);
  let results = (outs Attn_FloatTensor:$result);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat =
      "$input attr-dict `:` type($input) `->` type($result) $body";
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
}

def Attn_FeatureSliceOp : Attn_Op<"feature_slice", [Pure]> {
  let summary = "a contiguous slice of the last (feature) dimension";
  let description = [{
    Takes features `[offset, offset + size)` of a `[B, H, T, D]` tensor. MLA
    uses it to alias V to the first 512 columns of its 576-wide K.

    ```mlir
    %v = attn.feature_slice %k offset 0 size 512
           : tensor<?x1x?x576xbf16> -> tensor<?x1x?x512xbf16>
    ```
  }];
  let arguments = (ins Attn_Tensor:$input, I64Attr:$offset, I64Attr:$size);
  let results = (outs Attn_Tensor:$result);
  let assemblyFormat = "$input `offset` $offset `size` $size attr-dict `:` "
                       "type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Attn_CumsumOp : Attn_Op<"cumsum", [Pure, SameOperandsAndResultType]> {
  let summary = "inclusive cumulative sum along the token dimension";
  let description = [{
    `c[b, h, t] = sum_{t' <= t} g[b, h, t']` for a `[B, H, T]` (or
    `[B, H, T, D]`) f32 tensor, computed in at least f32. FoX uses it to turn
    log forget gates into the cumulative `c_i` of its `c_i - c_j` bias.

    ```mlir
    %c = attn.cumsum %logf : tensor<?x?x?xf32>
    ```
  }];
  let arguments = (ins Attn_F32Tensor:$input);
  let results = (outs Attn_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Scores
//===----------------------------------------------------------------------===//

def Attn_QKOp : Attn_Op<"qk", [Pure]> {
  let summary = "scaled dot-product scores, optionally decayed";
  let description = [{
    `s[b, h, i, j] = scale * sum_d q[b, h, i, d] * k[b, h / G, j, d]` with
    `G = Hq / Hkv` (GQA/MQA). `scale` defaults to `1 / sqrt(Dqk)`.

    With `decay(%g)`, `g` is a log-decay (`g <= 0`) and the product over the
    steps between key j and query position `i' = i + (M - N)` multiplies
    each term, as in linear attention with a forgetting state:

    * `g : tensor<Hxf32>` (a constant per head, RetNet / Lightning):
      `s_ij = scale * q_i.k_j * exp(g_h * (i' - j))`;
    * `g : tensor<BxHxMxf32>` (a scalar per token, SimpleGLA / Mamba-2):
      `s_ij = scale * q_i.k_j * exp(sum_{t=j+1..i'} g_t)`;
    * `g : tensor<BxHxMxDqkxf32>` (per channel, GLA):
      `s_ij = scale * sum_d q_id k_jd exp(sum_{t=j+1..i'} g_td)`.

    Decayed scores are 0 for keys after the query (`j > i'`); such variants
    mask them causally. A decay needs `N <= M` (the queries are the last N
    positions of the keys).

    ```mlir
    %s = attn.qk %q, %k scale 1.250000e-01
           : tensor<?x8x?x64xbf16>, tensor<?x2x?x64xbf16> -> !attn.scores<logits, 8>
    %t = attn.qk %q, %k decay(%g : tensor<?x8x?xf32>) scale 1.0
           : tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16> -> !attn.scores<logits, 8>
    ```
  }];
  let arguments = (ins Attn_FloatTensor:$q, Attn_FloatTensor:$k,
                       Optional<Attn_F32Tensor>:$decay,
                       OptionalAttr<F64Attr>:$scale);
  let results = (outs Attn_ScoresType:$scores);
  let assemblyFormat = [{
    $q `,` $k (`decay` `(` $decay^ `:` type($decay) `)`)? (`scale` $scale^)?
    attr-dict `:` type($q) `,` type($k) `->` qualified(type($scores))
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The scale in effect: the attribute, or 1/sqrt(Dqk) when absent and the
    /// head dim is static (nullopt otherwise).
    std::optional<double> getEffectiveScale();
  }];
}

def Attn_MapOp : Attn_Op<"map", [Pure,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "an elementwise function of score matrices";
  let description = [{
    Applies the region to every allowed entry of its inputs: score
    modifications (ALiBi, soft-capping, relative bias tables, FoX biases,
    sums of several dot products) and pointwise activations that turn logits
    into probabilities without row normalisation (sigmoid, ReLU).

    The region receives `(b, h, i, j)` as indices and one f32 per input and
    yields one f32. An entry masked (-inf) in any input is masked in the
    result and the region does not see it: a masked logit stays masked, and a
    masked entry of a `probs` result is 0. Inputs are all `logits` or all
    `probs`; a `probs` input cannot become `logits`.

    ```mlir
    %a = attn.map %s : !attn.scores<logits, 8> -> !attn.scores<logits, 8> {
    ^bb0(%b: index, %h: index, %i: index, %j: index, %x: f32):
      %m = attn.load %slope[%h] : tensor<8xf32>
      ...
      attn.yield %y : f32
    }
    ```
  }];
  let arguments = (ins Variadic<Attn_ScoresType>:$inputs);
  let results = (outs Attn_ScoresType:$result);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $inputs attr-dict `:` qualified(type($inputs)) `->` qualified(type($result))
    $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
}

def Attn_StencilOp : Attn_Op<"stencil", [Pure,
    AllTypesMatch<["scores", "result"]>]> {
  let summary = "a per-head 2-D convolution over the (query, key) plane";
  let description = [{
    Multi-token attention's key-query convolution (MTA, Golovneva et al.
    2025). With `weights : tensor<H x cq x ck x f32>` and
    `pad = [q_before, q_after, k_before, k_after]`:

    `out[b,h,i,j] = sum_{a < cq, c < ck} w[h,a,c] * in[b,h,i+a-q_before,j+c-k_before]`

    (a cross-correlation, as F.conv2d). Entries outside the matrix read as
    `pad_value` (default 0); masked entries read as 0 (MTA's Mask_0). The
    padding must keep the size: `q_before + q_after = cq - 1` and
    `k_before + k_after = ck - 1`. Every entry of the result is allowed: mask
    it again as needed. Works on logits (pre-softmax) and probs (post-softmax).

    ```mlir
    %c = attn.stencil %s, %w pad [5, 0, 5, 5]
           : !attn.scores<logits, 16>, tensor<16x6x11xf32>
    ```
  }];
  let arguments = (ins Attn_ScoresType:$scores, Attn_F32Tensor:$weights,
                       DenseI64ArrayAttr:$pad,
                       DefaultValuedAttr<F64Attr, "0.0">:$pad_value);
  let results = (outs Attn_ScoresType:$result);
  let assemblyFormat = [{
    $scores `,` $weights `pad` $pad (`pad_value` $pad_value^)? attr-dict `:`
    qualified(type($scores)) `,` type($weights)
  }];
  let hasVerifier = 1;
}

def Attn_HeadMixOp : Attn_Op<"head_mix", [Pure,
    AllTypesMatch<["scores", "result"]>]> {
  let summary = "mixing of score matrices across heads, within groups";
  let description = [{
    MTA head mixing. Heads split into `G` groups of `c` consecutive heads;
    with `weights : tensor<G x c x c x f32>`,

    `out[b, g*c + h', i, j] = sum_{h < c} w[g, h, h'] * in[b, g*c + h, i, j]`.

    The scores must have `G * c` heads. Masked entries read as 0; every entry
    of the result is allowed. Full mixing is one group (`G = 1, c = H`).

    ```mlir
    %x = attn.head_mix %p, %w : !attn.scores<probs, 16>, tensor<4x4x4xf32>
    ```
  }];
  let arguments = (ins Attn_ScoresType:$scores, Attn_F32Tensor:$weights);
  let results = (outs Attn_ScoresType:$result);
  let assemblyFormat = [{
    $scores `,` $weights attr-dict `:` qualified(type($scores)) `,`
    type($weights)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Masks
//===----------------------------------------------------------------------===//

class Attn_MaskOp<string mnemonic, list<Trait> traits = []>
    : Attn_Op<mnemonic, !listconcat([Pure], traits)> {
  let results = (outs Attn_MaskType:$mask);
}

def Attn_CausalOp : Attn_MaskOp<"causal"> {
  let summary = "bottom-right aligned causal mask";
  let description = [{
    Key j is visible to query i iff `j <= i + (M - N)` (FlashAttention /
    FlashInfer convention; the same as `j <= i` when N = M).

    ```mlir
    %c = attn.causal
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def Attn_WindowOp : Attn_MaskOp<"window"> {
  let summary = "causal sliding window of W keys";
  let description = [{
    Keeps the `size` keys `i' - size < j <= i'`, `i' = i + (M - N)`: the
    query's own position and the `size - 1` before it. `size >= 1`.

    ```mlir
    %w = attn.window 4096
    ```
  }];
  let arguments = (ins I64Attr:$size);
  let assemblyFormat = "$size attr-dict";
  let hasVerifier = 1;
}

def Attn_DocumentOp : Attn_MaskOp<"document"> {
  let summary = "packed-sequence (document) mask";
  let description = [{
    Query i may see key j iff they belong to the same document:
    `q_doc[b, i] == k_doc[b, j]`, with integer ids `q_doc : [B, N]` and
    `k_doc : [B, M]`. Combine with `attn.causal` for causal packing.

    ```mlir
    %d = attn.document %qdoc, %kdoc : tensor<?x?xi32>, tensor<?x?xi32>
    ```
  }];
  let arguments = (ins Attn_IntTensor:$q_doc, Attn_IntTensor:$k_doc);
  let assemblyFormat = "$q_doc `,` $k_doc attr-dict `:` type($q_doc) `,` type($k_doc)";
  let hasVerifier = 1;
}

def Attn_PrefixOp : Attn_MaskOp<"prefix"> {
  let summary = "the first P keys";
  let description = [{
    Allows keys `j < P`, with P a constant (`attn.prefix 4`, StreamingLLM's
    sink tokens) or a per-batch integer tensor `[B]` (prefix-LM). Prefix-LM
    is `attn.mask_or` of this and `attn.causal`.

    ```mlir
    %s = attn.prefix 4
    %p = attn.prefix lengths(%len : tensor<?xi32>)
    ```
  }];
  let arguments = (ins OptionalAttr<I64Attr>:$length,
                       Optional<Attn_IntTensor>:$lengths);
  let assemblyFormat =
      "($length^)? (`lengths` `(` $lengths^ `:` type($lengths) `)`)? attr-dict";
  let hasVerifier = 1;
}

def Attn_PredicateOp : Attn_MaskOp<"predicate", [
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "a mask given by an elementwise predicate";
  let description = [{
    Allows (i, j) where the region yields true. The region receives
    `(b, h, i, j)` and yields an i1; it may read parameters with `attn.load`.

    ```mlir
    %m = attn.predicate {
    ^bb0(%b: index, %h: index, %i: index, %j: index):
      %lt = arith.cmpi ult, %j, %i : index
      attn.yield %lt : i1
    }
    ```
  }];
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$body attr-dict";
  let hasRegionVerifier = 1;
}

def Attn_BlockPredicateOp : Attn_MaskOp<"block_predicate", [
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "a static block-sparse pattern";
  let description = [{
    A block-granular mask: queries are split into blocks of `block[0]` rows
    and keys into blocks of `block[1]` columns, and (i, j) is allowed iff the
    region yields true for `(b, h, i / block[0], j / block[1])`. BigBird's
    window, global and random blocks, and the Sparse Transformer's fixed
    pattern, are written this way; mask analysis evaluates it per block.

    ```mlir
    %m = attn.block_predicate block [64, 64] {
    ^bb0(%b: index, %h: index, %qb: index, %kb: index):
      %eq = arith.cmpi eq, %qb, %kb : index
      attn.yield %eq : i1
    }
    ```
  }];
  let arguments = (ins DenseI64ArrayAttr:$block);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "`block` $block $body attr-dict";
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
}

def Attn_BlockMaskOp : Attn_MaskOp<"block_mask"> {
  let summary = "a block mask given at run time";
  let description = [{
    A dense map `[B, H, ceil(N / block[0]), ceil(M / block[1])]` of integers:
    nonzero blocks are allowed. H is the number of query heads, or 1 to
    share one map across heads.

    ```mlir
    %m = attn.block_mask %bm block [128, 128] : tensor<?x?x?x?xi8>
    ```
  }];
  let arguments = (ins Attn_IntTensor:$block_map, DenseI64ArrayAttr:$block);
  let assemblyFormat = "$block_map `block` $block attr-dict `:` type($block_map)";
  let hasVerifier = 1;
}

def Attn_MaskAndOp : Attn_MaskOp<"mask_and", [Commutative]> {
  let summary = "intersection of masks";
  let description = [{
    Folds to its operand when every operand is the same mask.

    ```mlir
    %m = attn.mask_and %causal, %doc
    ```
  }];
  let arguments = (ins Variadic<Attn_MaskType>:$masks);
  let assemblyFormat = "$masks attr-dict";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Attn_MaskOrOp : Attn_MaskOp<"mask_or", [Commutative]> {
  let summary = "union of masks";
  let description = [{
    Folds to its operand when every operand is the same mask.

    ```mlir
    %m = attn.mask_or %causal, %prefix
    ```
  }];
  let arguments = (ins Variadic<Attn_MaskType>:$masks);
  let assemblyFormat = "$masks attr-dict";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Attn_MaskNotOp : Attn_MaskOp<"mask_not"> {
  let summary = "complement of a mask";
  let description = [{
    `mask_not(mask_not(m))` folds to `m`.

    ```mlir
    %m = attn.mask_not %global
    ```
  }];
  let arguments = (ins Attn_MaskType:$input);
  let assemblyFormat = "$input attr-dict";
  let hasFolder = 1;
}

def Attn_ApplyMaskOp : Attn_Op<"apply_mask", [Pure,
    AllTypesMatch<["scores", "result"]>]> {
  let summary = "mask a score matrix";
  let description = [{
    Entries where `mask` is false become `fill`:

    * `neg_inf` removes the entry (logits only): softmax gives it weight 0,
      maps skip it, kernels skip blocks that are entirely removed;
    * `zero` sets the entry's value to 0. On probs this is removal; on
      logits it is MTA's `Mask_0`: the entry keeps existing with value 0.

    Applying the same mask with the same fill twice folds to one application.

    ```mlir
    %m = attn.apply_mask %s, %c fill neg_inf : !attn.scores<logits, 8>
    ```
  }];
  let arguments = (ins Attn_ScoresType:$scores, Attn_MaskType:$mask,
                       Attn_MaskFillAttr:$fill);
  let results = (outs Attn_ScoresType:$result);
  let assemblyFormat = [{
    $scores `,` $mask `fill` $fill attr-dict `:` qualified(type($scores))
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Normalisers: logits -> probs
//===----------------------------------------------------------------------===//

def Attn_SoftmaxOp : Attn_Op<"softmax", [Pure]> {
  let summary = "row softmax, optionally with a learned sink logit";
  let description = [{
    `p_ij = exp(s_ij) / (sum_j' exp(s_ij') [+ exp(sink_h)])` over the allowed
    keys of row i. With `sink`, each head has an extra logit that takes
    weight but carries no value (gpt-oss). A row with no allowed key (and no
    sink) is all zeros.

    ```mlir
    %p = attn.softmax %s sink(%sigma : tensor<64xf32>)
           : !attn.scores<logits, 64> -> !attn.scores<probs, 64>
    ```
  }];
  let arguments = (ins Attn_ScoresType:$scores, Optional<Attn_F32Tensor>:$sink);
  let results = (outs Attn_ScoresType:$result);
  let assemblyFormat = [{
    $scores (`sink` `(` $sink^ `:` type($sink) `)`)? attr-dict `:`
    qualified(type($scores)) `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Attn_SoftpickOp : Attn_Op<"softpick", [Pure]> {
  let summary = "rectified softmax (softpick)";
  let description = [{
    `p_ij = relu(exp(s_ij) - 1) / (sum_j' |exp(s_ij') - 1| + eps)` over the
    allowed keys (Zuhri et al. 2025).

    ```mlir
    %p = attn.softpick %s eps 1.0e-06
           : !attn.scores<logits, 8> -> !attn.scores<probs, 8>
    ```
  }];
  let arguments = (ins Attn_ScoresType:$scores,
                       DefaultValuedAttr<F64Attr, "1.0e-6">:$eps);
  let results = (outs Attn_ScoresType:$result);
  let assemblyFormat = [{
    $scores (`eps` $eps^)? attr-dict `:` qualified(type($scores)) `->`
    qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Attn_RowNormalizeOp : Attn_Op<"row_normalize", [Pure,
    AllTypesMatch<["scores", "result"]>]> {
  let summary = "divide each row of probs by its (absolute) sum";
  let description = [{
    `p_ij / (max(d_i, floor) + eps)` where `d_i` is, by `kind`:
    `sum` = `sum_j p_ij` (normalised linear attention), `abs_sum` =
    `|sum_j p_ij|` (RetNet paper), `sum_abs` = `sum_j |p_ij|` (torchscale).
    `floor` defaults to none. A row whose denominator is 0 (nothing present
    and no eps) gives 0, never NaN.

    ```mlir
    %n = attn.row_normalize %p kind sum eps 1.0e-06 : !attn.scores<probs, 8>
    %r = attn.row_normalize %p kind abs_sum floor 1.0 : !attn.scores<probs, 8>
    ```
  }];
  let arguments = (ins Attn_ScoresType:$scores, Attn_RowNormKindAttr:$kind,
                       DefaultValuedAttr<F64Attr, "0.0">:$eps,
                       OptionalAttr<F64Attr>:$floor);
  let results = (outs Attn_ScoresType:$result);
  let assemblyFormat = [{
    $scores `kind` $kind (`eps` $eps^)? (`floor` $floor^)? attr-dict `:`
    qualified(type($scores))
  }];
  let hasVerifier = 1;
}

def Attn_LseOp : Attn_Op<"lse", [Pure]> {
  let summary = "row log-sum-exp of logits";
  let description = [{
    `lse[b, h, i] = log(sum_j exp(s_ij) [+ exp(sink_h)])` over allowed keys
    (natural log, f32): -inf for a row with no allowed key and no sink.

    ```mlir
    %l = attn.lse %s : !attn.scores<logits, 8> -> tensor<?x8x?xf32>
    ```
  }];
  let arguments = (ins Attn_ScoresType:$scores, Optional<Attn_F32Tensor>:$sink);
  let results = (outs Attn_F32Tensor:$result);
  let assemblyFormat = [{
    $scores (`sink` `(` $sink^ `:` type($sink) `)`)? attr-dict `:`
    qualified(type($scores)) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Outputs: reduce, combine, epilogues
//===----------------------------------------------------------------------===//

def Attn_PVOp : Attn_Op<"pv", [Pure]> {
  let summary = "weighted sum of values";
  let description = [{
    `o[b, h, i, :] = sum_j p[b, h, i, j] * v[b, h / G, j, :]`, accumulated in
    f32. The result's element type is its storage type.

    ```mlir
    %o = attn.pv %p, %v : !attn.scores<probs, 8>, tensor<?x2x?x64xbf16>
           -> tensor<?x8x?x64xbf16>
    ```
  }];
  let arguments = (ins Attn_ScoresType:$probs, Attn_FloatTensor:$v);
  let results = (outs Attn_FloatTensor:$result);
  let assemblyFormat = [{
    $probs `,` $v attr-dict `:` qualified(type($probs)) `,` type($v) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def Attn_OutputMapOp : Attn_Op<"output_map", [Pure,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>]> {
  let summary = "an elementwise function of attention outputs";
  let description = [{
    Combines outputs of the same shape `[B, H, N, Dv]` elementwise: the
    differential-attention difference `o1 - lambda * o2`, gated branch sums
    (NSA, Infini-attention), output gates (`o * sigmoid(g)`), constant
    rescaling. The region receives `(b, h, i, d)` and one f32 per input.

    ```mlir
    %d = attn.output_map %o1, %o2 : tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>
           -> tensor<?x8x?x64xf32> {
    ^bb0(%b: index, %h: index, %i: index, %d: index, %x: f32, %y: f32):
      %r = arith.subf %x, %y : f32
      attn.yield %r : f32
    }
    ```
  }];
  let arguments = (ins Variadic<Attn_FloatTensor>:$inputs);
  let results = (outs Attn_FloatTensor:$result);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $inputs attr-dict `:` type($inputs) `->` type($result) $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
}

def Attn_MergeOp : Attn_Op<"merge", [Pure, AttrSizedOperandSegments]> {
  let summary = "merge partial attentions over disjoint key sets by LSE";
  let description = [{
    `lse = log(sum_k exp(lse_k))`, `o = sum_k o_k * exp(lse_k - lse)`: the
    exact softmax over the union of the key sets (split-KV, MoBA, cascades).
    Rows where every `lse_k` is -inf give `o = 0`, `lse = -inf`.

    ```mlir
    %o, %l = attn.merge %o1, %o2 lse %l1, %l2
               : (tensor<?x8x?x64xf32>, tensor<?x8x?x64xf32>),
                 (tensor<?x8x?xf32>, tensor<?x8x?xf32>)
               -> tensor<?x8x?x64xf32>, tensor<?x8x?xf32>
    ```
  }];
  let arguments = (ins Variadic<Attn_FloatTensor>:$outputs,
                       Variadic<Attn_F32Tensor>:$lses);
  let results = (outs Attn_FloatTensor:$output, Attn_F32Tensor:$lse);
  let assemblyFormat = [{
    $outputs `lse` $lses attr-dict `:` `(` type($outputs) `)` `,`
    `(` type($lses) `)` `->` type($output) `,` type($lse)
  }];
  let hasVerifier = 1;
}

def Attn_HeadRMSNormOp : Attn_Op<"head_rmsnorm", [Pure]> {
  let summary = "RMSNorm of each head's output vector";
  let description = [{
    `o[b,h,i,:] * w / sqrt(mean_d o[b,h,i,d]^2 + eps)` with an optional
    weight `w : [Dv]` or `[H, Dv]` (MTA / DIFF-Transformer group norm). The
    result has the input's shape; its element type is its storage type.

    ```mlir
    %n = attn.head_rmsnorm %o weight(%w : tensor<64xf32>) eps 1.0e-05
           : tensor<?x8x?x64xf32> -> tensor<?x8x?x64xbf16>
    ```
  }];
  let arguments = (ins Attn_FloatTensor:$input, Optional<Attn_F32Tensor>:$weight,
                       DefaultValuedAttr<F64Attr, "1.0e-5">:$eps);
  let results = (outs Attn_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`weight` `(` $weight^ `:` type($weight) `)`)? (`eps` $eps^)?
    attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Attn_HeadGateOp : Attn_Op<"head_gate", [Pure]> {
  let summary = "scale each head's output vector by a sigmoid of itself";
  let description = [{
    MTA's scalar gate: `o[b,h,i,:] * sigmoid(w_h . o[b,h,i,:] + bias_h)` with
    `w : [H, Dv]` (or `[Dv]`, shared) and `bias : [H]` (or `[1]`). The
    result has the input's shape; its element type is its storage type.

    ```mlir
    %g = attn.head_gate %n, %w, %bias
           : tensor<?x8x?x64xf32>, tensor<8x64xf32>, tensor<8xf32>
           -> tensor<?x8x?x64xf32>
    ```
  }];
  let arguments = (ins Attn_FloatTensor:$input, Attn_F32Tensor:$weight,
                       Attn_F32Tensor:$bias);
  let results = (outs Attn_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias attr-dict `:` type($input) `,` type($weight)
    `,` type($bias) `->` type($result)
  }];
  let hasVerifier = 1;
}

#endif // ATTNC_DIALECT_ATTNOPS_TD
