#include "analysis/rule_expr.h"

#include <algorithm>
#include <cctype>

#include "analysis/normalizer.h"

namespace pw::analysis {

struct RuleExpr::Node {
  enum class Kind { kPhrase, kAnd, kOr, kNot, kNear, kScope };
  Kind kind = Kind::kPhrase;
  std::vector<std::shared_ptr<const Node>> kids;
  std::string accented, folded;  // phrase keys
  std::size_t leaf = 0;          // index into RuleExpr::Leaves() (phrases)
  int distance = 0;              // NEAR/n
  std::string scope;             // title, summary, body, text
};

namespace {

using Node = RuleExpr::Node;
using NodePtr = std::shared_ptr<const Node>;

// ---- lexing ----

struct Token {
  enum class Kind { kWord, kQuoted, kOpen, kClose, kAnd, kOr, kNot, kNear, kScope, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  int distance = 0;
  std::size_t column = 0;
};

bool IsScope(std::string_view s) {
  return s == "title" || s == "summary" || s == "body" || s == "text";
}

Error At(std::size_t column, const std::string& message) {
  return Error{"column " + std::to_string(column) + ": " + message};
}

// Columns count characters, as a person does, not UTF-8 bytes.
std::size_t Column(std::string_view s, std::size_t byte) {
  std::size_t col = 1;
  for (std::size_t k = 0; k < byte && k < s.size(); ++k) {
    if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

Result<std::vector<Token>> Lex(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const std::size_t col = Column(s, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Token::Kind::kOpen : Token::Kind::kClose, std::string(1, c), 0, col});
      ++i;
    } else if (c == '"') {
      const auto close = s.find('"', i + 1);
      if (close == std::string_view::npos) return At(col, "a quote is not closed");
      out.push_back({Token::Kind::kQuoted, std::string(s.substr(i + 1, close - i - 1)), 0, col});
      i = close + 1;
    } else {
      std::size_t j = i;
      while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' &&
             s[j] != '(' && s[j] != ')' && s[j] != '"') {
        ++j;
      }
      std::string word(s.substr(i, j - i));
      if (const auto colon = word.find(':'); colon != std::string::npos &&
                                             IsScope(std::string_view(word).substr(0, colon))) {
        out.push_back({Token::Kind::kScope, word.substr(0, colon), 0, col});
        word.erase(0, colon + 1);
        if (word.empty()) {
          i = j;
          continue;
        }
      }
      if (word == "AND") {
        out.push_back({Token::Kind::kAnd, word, 0, col});
      } else if (word == "OR") {
        out.push_back({Token::Kind::kOr, word, 0, col});
      } else if (word == "NOT") {
        out.push_back({Token::Kind::kNot, word, 0, col});
      } else if (word.rfind("NEAR", 0) == 0) {
        const std::string n = word.size() > 5 && word[4] == '/' ? word.substr(5) : "";
        if (n.empty() || n.size() > 2 ||
            !std::all_of(n.begin(), n.end(), [](char d) { return std::isdigit(static_cast<unsigned char>(d)); }) ||
            std::stoi(n) < 1 || std::stoi(n) > 50) {
          return At(col, "NEAR needs a distance from 1 to 50, like NEAR/5");
        }
        out.push_back({Token::Kind::kNear, word, std::stoi(n), col});
      } else {
        out.push_back({Token::Kind::kWord, word, 0, col});
      }
      i = j;
    }
  }
  out.push_back({Token::Kind::kEnd, {}, 0, Column(s, s.size())});
  return out;
}

// ---- parsing (recursive descent) ----

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<NodePtr> Parse() {
    auto e = Or();
    if (!e) return e;
    if (Peek().kind != Token::Kind::kEnd) return At(Peek().column, "unexpected '" + Peek().text + "'");
    return e;
  }

 private:
  const Token& Peek() const { return t_[pos_]; }
  const Token& Next() { return t_[pos_++]; }

  Result<NodePtr> Binary(Token::Kind op, Node::Kind kind, Result<NodePtr> (Parser::*sub)()) {
    auto left = (this->*sub)();
    if (!left) return left;
    if (Peek().kind != op) return left;
    auto node = std::make_shared<Node>();
    node->kind = kind;
    node->kids.push_back(*left);
    while (Peek().kind == op) {
      Next();
      auto right = (this->*sub)();
      if (!right) return right;
      node->kids.push_back(*right);
    }
    return NodePtr(node);
  }

  Result<NodePtr> Or() { return Binary(Token::Kind::kOr, Node::Kind::kOr, &Parser::And); }
  Result<NodePtr> And() { return Binary(Token::Kind::kAnd, Node::Kind::kAnd, &Parser::Unary); }

  Result<NodePtr> Unary() {
    if (Peek().kind != Token::Kind::kNot) return Near();
    Next();
    auto kid = Unary();
    if (!kid) return kid;
    auto node = std::make_shared<Node>();
    node->kind = Node::Kind::kNot;
    node->kids.push_back(*kid);
    return NodePtr(node);
  }

  static bool PhraseLike(const Node& n) {
    if (n.kind == Node::Kind::kPhrase) return true;
    if (n.kind != Node::Kind::kOr) return false;
    return std::all_of(n.kids.begin(), n.kids.end(), [](const NodePtr& k) { return PhraseLike(*k); });
  }

  Result<NodePtr> Near() {
    auto left = Primary();
    if (!left) return left;
    NodePtr acc = *left;
    while (Peek().kind == Token::Kind::kNear) {
      const Token op = Next();
      auto right = Primary();
      if (!right) return right;
      if (!PhraseLike(*acc) || !PhraseLike(**right)) {
        return At(op.column, "NEAR takes phrases (or phrases joined by OR) on both sides");
      }
      auto node = std::make_shared<Node>();
      node->kind = Node::Kind::kNear;
      node->distance = op.distance;
      node->kids = {acc, *right};
      acc = node;
    }
    return acc;
  }

  Result<NodePtr> Primary() {
    const Token& tok = Peek();
    switch (tok.kind) {
      case Token::Kind::kOpen: {
        Next();
        auto e = Or();
        if (!e) return e;
        if (Peek().kind != Token::Kind::kClose) return At(Peek().column, "expected ')'");
        Next();
        return e;
      }
      case Token::Kind::kScope: {
        const std::string scope = Next().text;
        auto kid = Primary();
        if (!kid) return kid;
        auto node = std::make_shared<Node>();
        node->kind = Node::Kind::kScope;
        node->scope = scope;
        node->kids.push_back(*kid);
        return NodePtr(node);
      }
      case Token::Kind::kQuoted:
        return MakePhrase(Next().text, tok.column);
      case Token::Kind::kWord: {
        const std::size_t column = tok.column;
        std::string words;
        while (Peek().kind == Token::Kind::kWord) words += (words.empty() ? "" : " ") + Next().text;
        return MakePhrase(words, column);
      }
      case Token::Kind::kEnd:
        return At(tok.column, "the expression ends where a phrase was expected");
      default:
        return At(tok.column, "expected a phrase, '(' or a field, not '" + tok.text + "'");
    }
  }

  Result<NodePtr> MakePhrase(const std::string& words, std::size_t column) {
    auto node = std::make_shared<Node>();
    node->kind = Node::Kind::kPhrase;
    node->accented = Normalize(words, {.fold_iy = true}).text;
    node->folded = Normalize(words, {.fold_accents = true, .fold_iy = true}).text;
    if (node->accented.empty()) return At(column, "empty phrase");
    node->leaf = leaves_.size();
    leaves_.push_back({node->accented, node->folded});
    return NodePtr(node);
  }

 public:
  std::vector<ExprLeaf> leaves_;

 private:
  std::vector<Token> t_;
  std::size_t pos_ = 0;
};

// ---- evaluation ----

struct Occurrence {
  std::size_t field = 0;
  std::size_t first_token = 0, last_token = 0;  // inclusive
  std::size_t start = 0, end = 0;               // original bytes
};

// Whether a field is inside a scope. The scorer's old two-field input calls
// everything after the title "text": it stands for summary and body.
bool InScope(std::string_view field, std::string_view scope) {
  if (scope == "text" || field == scope) return true;
  return field == "text" && (scope == "summary" || scope == "body");
}

class Evaluator {
 public:
  explicit Evaluator(std::span<const ExprFieldHits> fields) : fields_(fields) {}

  ExprResult Eval(const Node& n, const std::vector<bool>& in_scope) const {
    ExprResult r;
    switch (n.kind) {
      case Node::Kind::kPhrase: {
        for (const auto& o : Find(n, in_scope)) r.spans.push_back(Span(o));
        r.matched = !r.spans.empty();
        return r;
      }
      case Node::Kind::kAnd: {
        r.matched = true;
        for (const auto& k : n.kids) {
          ExprResult kr = Eval(*k, in_scope);
          if (!kr.matched) return ExprResult{};
          r.spans.insert(r.spans.end(), kr.spans.begin(), kr.spans.end());
        }
        return r;
      }
      case Node::Kind::kOr:
        for (const auto& k : n.kids) {
          ExprResult kr = Eval(*k, in_scope);
          if (!kr.matched) continue;
          r.matched = true;
          r.spans.insert(r.spans.end(), kr.spans.begin(), kr.spans.end());
        }
        return r;
      case Node::Kind::kNot:
        r.matched = !Eval(*n.kids[0], in_scope).matched;
        return r;
      case Node::Kind::kScope: {
        std::vector<bool> scoped(fields_.size());
        for (std::size_t i = 0; i < fields_.size(); ++i) {
          scoped[i] = in_scope[i] && InScope(fields_[i].name, n.scope);
        }
        return Eval(*n.kids[0], scoped);
      }
      case Node::Kind::kNear: {
        for (const auto& o : NearOccurrences(n, in_scope)) r.spans.push_back(Span(o));
        r.matched = !r.spans.empty();
        return r;
      }
    }
    return r;
  }

 private:
  ExprSpan Span(const Occurrence& o) const {
    return {std::string(fields_[o.field].name), o.start, o.end};
  }

  // Occurrences of a phrase, an OR of phrases, or a NEAR (as the span of each pair).
  std::vector<Occurrence> Find(const Node& n, const std::vector<bool>& in_scope) const {
    std::vector<Occurrence> out;
    if (n.kind == Node::Kind::kOr) {
      for (const auto& k : n.kids) {
        auto more = Find(*k, in_scope);
        out.insert(out.end(), more.begin(), more.end());
      }
      return out;
    }
    if (n.kind == Node::Kind::kNear) return NearOccurrences(n, in_scope);
    for (std::size_t fi = 0; fi < fields_.size(); ++fi) {
      if (!in_scope[fi] || n.leaf >= fields_[fi].by_leaf.size()) continue;
      for (const ExprHit& h : fields_[fi].by_leaf[n.leaf]) {
        out.push_back({fi, h.first_token, h.last_token, h.start, h.end});
      }
    }
    return out;
  }

  std::vector<Occurrence> NearOccurrences(const Node& n, const std::vector<bool>& in_scope) const {
    std::vector<Occurrence> out;
    const auto left = Find(*n.kids[0], in_scope), right = Find(*n.kids[1], in_scope);
    for (const auto& a : left) {
      for (const auto& b : right) {
        if (a.field != b.field) continue;
        const Occurrence& first = a.first_token <= b.first_token ? a : b;
        const Occurrence& second = a.first_token <= b.first_token ? b : a;
        if (second.first_token <= first.last_token) continue;  // overlapping: not two phrases
        const std::size_t between = second.first_token - first.last_token - 1;
        if (between > static_cast<std::size_t>(n.distance)) continue;
        out.push_back({a.field, first.first_token, std::max(first.last_token, second.last_token),
                       std::min(a.start, b.start), std::max(a.end, b.end)});
      }
    }
    return out;
  }

  std::span<const ExprFieldHits> fields_;
};

// The occurrences of every leaf in one field, found by plain search (the
// scorer gets them from its phrase index instead).
ExprFieldHits ScanField(const ExprField& f, const std::vector<ExprLeaf>& leaves) {
  NormalizedText key = Normalize(f.original, {.fold_iy = true});
  const bool folded = !key.has_diacritics;
  if (folded) key = Normalize(f.original, {.fold_accents = true, .fold_iy = true});
  const std::string& text = key.text;
  std::vector<std::size_t> token_starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != ' ' && (i == 0 || text[i - 1] == ' ')) token_starts.push_back(i);
  }
  const auto token_of = [&](std::size_t byte) {
    return static_cast<std::size_t>(
        std::upper_bound(token_starts.begin(), token_starts.end(), byte) - token_starts.begin() - 1);
  };
  ExprFieldHits hits{f.name, std::vector<std::vector<ExprHit>>(leaves.size())};
  for (std::size_t leaf = 0; leaf < leaves.size(); ++leaf) {
    const std::string& k = folded ? leaves[leaf].folded : leaves[leaf].accented;
    for (std::size_t pos = text.find(k); pos != std::string::npos; pos = text.find(k, pos + 1)) {
      const std::size_t end = pos + k.size();
      if ((pos > 0 && text[pos - 1] != ' ') || (end < text.size() && text[end] != ' ')) continue;
      hits.by_leaf[leaf].push_back(
          {token_of(pos), token_of(end - 1), key.start[pos], key.end[end - 1]});
    }
  }
  return hits;
}

}  // namespace

Result<RuleExpr> RuleExpr::Parse(std::string_view text) {
  auto tokens = Lex(text);
  if (!tokens) return tokens.error();
  Parser parser(std::move(*tokens));
  auto root = parser.Parse();
  if (!root) return root.error();
  return RuleExpr(*root, std::make_shared<const std::vector<ExprLeaf>>(std::move(parser.leaves_)));
}

ExprResult RuleExpr::Evaluate(const std::vector<ExprField>& fields) const {
  std::vector<ExprFieldHits> hits;
  hits.reserve(fields.size());
  for (const auto& f : fields) hits.push_back(ScanField(f, *leaves_));
  return EvaluateHits(hits);
}

ExprResult RuleExpr::EvaluateHits(std::span<const ExprFieldHits> fields) const {
  const Evaluator ev(fields);
  ExprResult r = ev.Eval(*root_, std::vector<bool>(fields.size(), true));
  if (!r.matched) r.spans.clear();
  return r;
}

}  // namespace pw::analysis
