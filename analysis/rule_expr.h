#pragma once
/// Rule expressions: boolean combinations of phrases, for rules that a word
/// list cannot say ("xuyên tạc NEAR/8 (chính sách OR dân tộc) AND NOT title:"đính chính"").
///
/// Grammar (operators in capitals; anything else is words of a phrase):
///   expr    := or
///   or      := and ("OR" and)*
///   and     := unary ("AND" unary)*
///   unary   := "NOT" unary | near
///   near    := primary ("NEAR/" n primary)*        n = 1..50 tokens apart, either order
///   primary := "(" expr ")" | scope ":" primary | '"' words '"' | words
///   scope   := title | summary | body | text      (text = every field)
/// A run of bare words is one phrase ("tin giả" == "\"tin giả\""). NEAR takes
/// phrases (or OR of phrases) on both sides.
///
/// Phrases are matched like rule terms: on normalised syllables (any Unicode
/// form, either tone placement, case-insensitive), accent-folded only in a
/// field that has no diacritics at all. Pure; a parsed expression is
/// immutable and safe to share between threads.
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pw::analysis {

/// One field of an item, as written.
struct ExprField {
  std::string name;           ///< "title", "summary", "body"
  std::string_view original;
};

/// Where an expression matched: byte offsets into the original field text.
struct ExprSpan {
  std::string field;
  std::size_t start = 0, end = 0;
};

struct ExprResult {
  bool matched = false;
  std::vector<ExprSpan> spans;  ///< the phrases that made it true (none for NOT parts)
};

/// A phrase of an expression, as match keys (normalised with fold_iy, like
/// rule terms): what the scorer compiles into its one phrase index.
struct ExprLeaf {
  std::string accented;  ///< key for fields written with diacritics
  std::string folded;    ///< key for fields written without any
};

/// One occurrence of a leaf in a field: token indices (inclusive) in the
/// field's normalised key, and byte offsets into the original field text.
struct ExprHit {
  std::size_t first_token = 0, last_token = 0;
  std::size_t start = 0, end = 0;
};

/// What a matcher found in one field, per leaf (indexed like Leaves()).
/// Field "text" (the old title + text input) is in scope for summary and body.
struct ExprFieldHits {
  std::string_view name;                      ///< "title", "summary", "body", "text"
  std::vector<std::vector<ExprHit>> by_leaf;  ///< empty or one vector per leaf
};

class RuleExpr {
 public:
  /// Parses `text`; errors say what and where ("column 14: NEAR needs a
  /// distance, like NEAR/5").
  static Result<RuleExpr> Parse(std::string_view text);

  /// Normalises and scans the fields itself, then EvaluateHits. For tests
  /// and one-off use; the scorer finds the leaves in its single pass instead.
  ExprResult Evaluate(const std::vector<ExprField>& fields) const;

  /// The phrases of the expression, in the order EvaluateHits expects them.
  const std::vector<ExprLeaf>& Leaves() const { return *leaves_; }

  /// Evaluates from the leaves' occurrences, without looking at any text.
  ExprResult EvaluateHits(std::span<const ExprFieldHits> fields) const;

  struct Node;

 private:
  RuleExpr(std::shared_ptr<const Node> root, std::shared_ptr<const std::vector<ExprLeaf>> leaves)
      : root_(std::move(root)), leaves_(std::move(leaves)) {}
  std::shared_ptr<const Node> root_;
  std::shared_ptr<const std::vector<ExprLeaf>> leaves_;
};

}  // namespace pw::analysis
