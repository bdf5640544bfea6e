# Vendored by internal/answer/python/gen_latex_parser.sh: see LICENSE.md.
# Generated from LaTeX.g4 by ANTLR 4.7.2
from antlr4 import *
from io import StringIO
from typing import TextIO
import sys


def serializedATN():
    with StringIO() as buf:
        buf.write("\3\u608b\ua72a\u8133\ub9ed\u417c\u3be7\u7786\u5964\2]")
        buf.write("\u0391\b\1\4\2\t\2\4\3\t\3\4\4\t\4\4\5\t\5\4\6\t\6\4\7")
        buf.write("\t\7\4\b\t\b\4\t\t\t\4\n\t\n\4\13\t\13\4\f\t\f\4\r\t\r")
        buf.write("\4\16\t\16\4\17\t\17\4\20\t\20\4\21\t\21\4\22\t\22\4\23")
        buf.write("\t\23\4\24\t\24\4\25\t\25\4\26\t\26\4\27\t\27\4\30\t\30")
        buf.write("\4\31\t\31\4\32\t\32\4\33\t\33\4\34\t\34\4\35\t\35\4\36")
        buf.write("\t\36\4\37\t\37\4 \t \4!\t!\4\"\t\"\4#\t#\4$\t$\4%\t%")
        buf.write("\4&\t&\4\'\t\'\4(\t(\4)\t)\4*\t*\4+\t+\4,\t,\4-\t-\4.")
        buf.write("\t.\4/\t/\4\60\t\60\4\61\t\61\4\62\t\62\4\63\t\63\4\64")
        buf.write("\t\64\4\65\t\65\4\66\t\66\4\67\t\67\48\t8\49\t9\4:\t:")
        buf.write("\4;\t;\4<\t<\4=\t=\4>\t>\4?\t?\4@\t@\4A\tA\4B\tB\4C\t")
        buf.write("C\4D\tD\4E\tE\4F\tF\4G\tG\4H\tH\4I\tI\4J\tJ\4K\tK\4L\t")
        buf.write("L\4M\tM\4N\tN\4O\tO\4P\tP\4Q\tQ\4R\tR\4S\tS\4T\tT\4U\t")
        buf.write("U\4V\tV\4W\tW\4X\tX\4Y\tY\4Z\tZ\4[\t[\4\\\t\\\4]\t]\3")
        buf.write("\2\3\2\3\3\3\3\3\4\6\4\u00c1\n\4\r\4\16\4\u00c2\3\4\3")
        buf.write("\4\3\5\3\5\3\5\3\5\3\5\3\5\3\5\3\5\3\5\3\5\3\5\3\5\5\5")
        buf.write("\u00d3\n\5\3\5\3\5\3\6\3\6\3\6\3\6\3\6\3\6\3\6\3\6\3\6")
        buf.write("\3\6\3\6\5\6\u00e2\n\6\3\6\3\6\3\7\3\7\3\7\3\7\3\7\3\7")
        buf.write("\3\7\3\7\3\7\3\7\3\7\3\7\3\7\5\7\u00f3\n\7\3\7\3\7\3\b")
        buf.write("\3\b\3\b\3\b\3\b\3\b\3\b\3\b\3\t\3\t\3\t\3\t\3\t\3\t\3")
        buf.write("\t\3\t\3\t\3\n\3\n\3\n\3\n\3\n\3\n\3\n\3\n\3\n\3\n\3\n")
        buf.write("\3\n\3\n\3\n\3\n\5\n\u0117\n\n\3\n\3\n\3\13\3\13\3\13")
        buf.write("\3\13\3\13\3\13\3\13\3\13\3\13\3\13\3\13\3\13\3\13\3\13")
        buf.write("\3\13\3\f\3\f\3\f\3\f\3\f\3\f\3\f\3\f\3\f\3\f\3\f\3\f")
        buf.write("\3\f\3\f\3\f\3\f\3\f\3\r\3\r\3\r\3\r\3\r\3\r\3\r\3\r\3")
        buf.write("\16\3\16\3\16\3\16\3\16\3\16\3\16\3\16\3\16\3\17\3\17")
        buf.write("\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17")
        buf.write("\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17")
        buf.write("\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17")
        buf.write("\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17\3\17")
        buf.write("\3\17\3\17\3\17\3\17\3\17\5\17\u017f\n\17\3\17\3\17\3")
        buf.write("\20\3\20\3\21\3\21\3\22\3\22\3\23\3\23\3\24\3\24\3\25")
        buf.write("\3\25\3\26\3\26\3\27\3\27\3\30\3\30\3\30\3\31\3\31\3\31")
        buf.write("\3\32\3\32\3\33\3\33\3\34\3\34\3\35\3\35\3\35\3\35\3\35")
        buf.write("\3\35\3\35\3\35\3\36\3\36\3\36\3\36\3\36\3\36\3\36\3\37")
        buf.write("\3\37\3\37\3\37\3\37\3\37\3\37\3\37\3 \3 \3 \3 \3 \3 ")
        buf.write("\3 \3 \3!\3!\3!\3!\3!\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"")
        buf.write("\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3")
        buf.write("\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"")
        buf.write("\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3\"\3")
        buf.write("\"\3\"\3\"\3\"\3\"\3\"\3\"\5\"\u01fa\n\"\3#\3#\3#\3#\3")
        buf.write("#\3#\3#\3#\3#\3#\3#\3#\3#\3#\3#\5#\u020b\n#\3$\3$\3$\3")
        buf.write("$\3$\3%\3%\3%\3%\3%\3%\3&\3&\3&\3&\3&\3\'\3\'\3\'\3\'")
        buf.write("\3\'\3(\3(\3(\3(\3)\3)\3)\3)\3*\3*\3*\3*\3*\3+\3+\3+\3")
        buf.write("+\3+\3,\3,\3,\3,\3,\3-\3-\3-\3-\3-\3.\3.\3.\3.\3.\3/\3")
        buf.write("/\3/\3/\3/\3\60\3\60\3\60\3\60\3\60\3\60\3\60\3\60\3\61")
        buf.write("\3\61\3\61\3\61\3\61\3\61\3\61\3\61\3\62\3\62\3\62\3\62")
        buf.write("\3\62\3\62\3\62\3\62\3\63\3\63\3\63\3\63\3\63\3\63\3\63")
        buf.write("\3\63\3\64\3\64\3\64\3\64\3\64\3\64\3\64\3\64\3\65\3\65")
        buf.write("\3\65\3\65\3\65\3\65\3\65\3\65\3\66\3\66\3\66\3\66\3\66")
        buf.write("\3\66\3\67\3\67\3\67\3\67\3\67\3\67\38\38\38\38\38\38")
        buf.write("\39\39\39\39\39\39\39\39\3:\3:\3:\3:\3:\3:\3:\3:\3;\3")
        buf.write(";\3;\3;\3;\3;\3;\3;\3<\3<\3<\3<\3<\3<\3<\3<\3=\3=\3=\3")
        buf.write("=\3=\3=\3=\3=\3>\3>\3>\3>\3>\3>\3>\3?\3?\3?\3?\3?\3?\3")
        buf.write("?\3@\3@\3@\3@\3@\3@\3A\3A\3A\3A\3A\3A\3A\3A\3A\3A\3B\3")
        buf.write("B\3B\3B\3B\3B\3B\3C\3C\3C\3C\3C\3C\3D\3D\3D\3D\3D\3E\3")
        buf.write("E\3E\3E\3E\3E\3E\3E\3E\3E\3E\3E\3E\3E\3E\3E\3E\5E\u02f3")
        buf.write("\nE\3F\3F\3F\3F\3F\3F\3F\3G\3G\3G\3G\3G\3G\3G\3G\3H\3")
        buf.write("H\3H\3H\3H\3H\3H\3H\3I\3I\3I\3I\3I\3I\3I\3I\3J\3J\3K\3")
        buf.write("K\3L\3L\3M\3M\3N\3N\7N\u031e\nN\fN\16N\u0321\13N\3N\3")
        buf.write("N\3N\6N\u0326\nN\rN\16N\u0327\5N\u032a\nN\3O\3O\3P\3P")
        buf.write("\3Q\3Q\7Q\u0332\nQ\fQ\16Q\u0335\13Q\5Q\u0337\nQ\3Q\3Q")
        buf.write("\3Q\7Q\u033c\nQ\fQ\16Q\u033f\13Q\3Q\5Q\u0342\nQ\5Q\u0344")
        buf.write("\nQ\3R\3R\3R\3R\3R\3S\3S\3T\3T\3T\3T\3T\3T\3T\3T\3T\5")
        buf.write("T\u0356\nT\3U\3U\3U\3U\3U\3U\3V\3V\3V\3V\3V\3V\3V\3V\3")
        buf.write("V\3V\3W\3W\3X\3X\3X\3X\3X\3X\3X\3X\3X\5X\u0373\nX\3Y\3")
        buf.write("Y\3Y\3Y\3Y\3Y\3Z\3Z\3Z\3Z\3Z\3Z\3Z\3Z\3Z\3Z\3[\3[\3\\")
        buf.write("\6\\\u0388\n\\\r\\\16\\\u0389\3]\3]\6]\u038e\n]\r]\16")
        buf.write("]\u038f\5\u031f\u0333\u033d\2^\3\3\5\4\7\5\t\6\13\7\r")
        buf.write("\b\17\t\21\n\23\13\25\f\27\r\31\16\33\17\35\20\37\21!")
        buf.write("\22#\23%\24\'\25)\26+\27-\30/\31\61\32\63\33\65\34\67")
        buf.write("\359\36;\37= ?!A\"C#E$G%I&K\'M(O)Q*S+U,W-Y.[/]\60_\61")
        buf.write("a\62c\63e\64g\65i\66k\67m8o9q:s;u<w=y>{?}@\177A\u0081")
        buf.write("B\u0083C\u0085D\u0087E\u0089F\u008bG\u008dH\u008fI\u0091")
        buf.write("J\u0093K\u0095L\u0097M\u0099\2\u009bN\u009dO\u009fP\u00a1")
        buf.write("Q\u00a3R\u00a5S\u00a7T\u00a9U\u00abV\u00adW\u00afX\u00b1")
        buf.write("Y\u00b3Z\u00b5[\u00b7\\\u00b9]\3\2\5\5\2\13\f\17\17\"")
        buf.write("\"\4\2C\\c|\3\2\62;\2\u03b7\2\3\3\2\2\2\2\5\3\2\2\2\2")
        buf.write("\7\3\2\2\2\2\t\3\2\2\2\2\13\3\2\2\2\2\r\3\2\2\2\2\17\3")
        buf.write("\2\2\2\2\21\3\2\2\2\2\23\3\2\2\2\2\25\3\2\2\2\2\27\3\2")
        buf.write("\2\2\2\31\3\2\2\2\2\33\3\2\2\2\2\35\3\2\2\2\2\37\3\2\2")
        buf.write("\2\2!\3\2\2\2\2#\3\2\2\2\2%\3\2\2\2\2\'\3\2\2\2\2)\3\2")
        buf.write("\2\2\2+\3\2\2\2\2-\3\2\2\2\2/\3\2\2\2\2\61\3\2\2\2\2\63")
        buf.write("\3\2\2\2\2\65\3\2\2\2\2\67\3\2\2\2\29\3\2\2\2\2;\3\2\2")
        buf.write("\2\2=\3\2\2\2\2?\3\2\2\2\2A\3\2\2\2\2C\3\2\2\2\2E\3\2")
        buf.write("\2\2\2G\3\2\2\2\2I\3\2\2\2\2K\3\2\2\2\2M\3\2\2\2\2O\3")
        buf.write("\2\2\2\2Q\3\2\2\2\2S\3\2\2\2\2U\3\2\2\2\2W\3\2\2\2\2Y")
        buf.write("\3\2\2\2\2[\3\2\2\2\2]\3\2\2\2\2_\3\2\2\2\2a\3\2\2\2\2")
        buf.write("c\3\2\2\2\2e\3\2\2\2\2g\3\2\2\2\2i\3\2\2\2\2k\3\2\2\2")
        buf.write("\2m\3\2\2\2\2o\3\2\2\2\2q\3\2\2\2\2s\3\2\2\2\2u\3\2\2")
        buf.write("\2\2w\3\2\2\2\2y\3\2\2\2\2{\3\2\2\2\2}\3\2\2\2\2\177\3")
        buf.write("\2\2\2\2\u0081\3\2\2\2\2\u0083\3\2\2\2\2\u0085\3\2\2\2")
        buf.write("\2\u0087\3\2\2\2\2\u0089\3\2\2\2\2\u008b\3\2\2\2\2\u008d")
        buf.write("\3\2\2\2\2\u008f\3\2\2\2\2\u0091\3\2\2\2\2\u0093\3\2\2")
        buf.write("\2\2\u0095\3\2\2\2\2\u0097\3\2\2\2\2\u009b\3\2\2\2\2\u009d")
        buf.write("\3\2\2\2\2\u009f\3\2\2\2\2\u00a1\3\2\2\2\2\u00a3\3\2\2")
        buf.write("\2\2\u00a5\3\2\2\2\2\u00a7\3\2\2\2\2\u00a9\3\2\2\2\2\u00ab")
        buf.write("\3\2\2\2\2\u00ad\3\2\2\2\2\u00af\3\2\2\2\2\u00b1\3\2\2")
        buf.write("\2\2\u00b3\3\2\2\2\2\u00b5\3\2\2\2\2\u00b7\3\2\2\2\2\u00b9")
        buf.write("\3\2\2\2\3\u00bb\3\2\2\2\5\u00bd\3\2\2\2\7\u00c0\3\2\2")
        buf.write("\2\t\u00d2\3\2\2\2\13\u00e1\3\2\2\2\r\u00f2\3\2\2\2\17")
        buf.write("\u00f6\3\2\2\2\21\u00fe\3\2\2\2\23\u0116\3\2\2\2\25\u011a")
        buf.write("\3\2\2\2\27\u0129\3\2\2\2\31\u013a\3\2\2\2\33\u0142\3")
        buf.write("\2\2\2\35\u017e\3\2\2\2\37\u0182\3\2\2\2!\u0184\3\2\2")
        buf.write("\2#\u0186\3\2\2\2%\u0188\3\2\2\2\'\u018a\3\2\2\2)\u018c")
        buf.write("\3\2\2\2+\u018e\3\2\2\2-\u0190\3\2\2\2/\u0192\3\2\2\2")
        buf.write("\61\u0195\3\2\2\2\63\u0198\3\2\2\2\65\u019a\3\2\2\2\67")
        buf.write("\u019c\3\2\2\29\u019e\3\2\2\2;\u01a6\3\2\2\2=\u01ad\3")
        buf.write("\2\2\2?\u01b5\3\2\2\2A\u01bd\3\2\2\2C\u01f9\3\2\2\2E\u020a")
        buf.write("\3\2\2\2G\u020c\3\2\2\2I\u0211\3\2\2\2K\u0217\3\2\2\2")
        buf.write("M\u021c\3\2\2\2O\u0221\3\2\2\2Q\u0225\3\2\2\2S\u0229\3")
        buf.write("\2\2\2U\u022e\3\2\2\2W\u0233\3\2\2\2Y\u0238\3\2\2\2[\u023d")
        buf.write("\3\2\2\2]\u0242\3\2\2\2_\u0247\3\2\2\2a\u024f\3\2\2\2")
        buf.write("c\u0257\3\2\2\2e\u025f\3\2\2\2g\u0267\3\2\2\2i\u026f\3")
        buf.write("\2\2\2k\u0277\3\2\2\2m\u027d\3\2\2\2o\u0283\3\2\2\2q\u0289")
        buf.write("\3\2\2\2s\u0291\3\2\2\2u\u0299\3\2\2\2w\u02a1\3\2\2\2")
        buf.write("y\u02a9\3\2\2\2{\u02b1\3\2\2\2}\u02b8\3\2\2\2\177\u02bf")
        buf.write("\3\2\2\2\u0081\u02c5\3\2\2\2\u0083\u02cf\3\2\2\2\u0085")
        buf.write("\u02d6\3\2\2\2\u0087\u02dc\3\2\2\2\u0089\u02f2\3\2\2\2")
        buf.write("\u008b\u02f4\3\2\2\2\u008d\u02fb\3\2\2\2\u008f\u0303\3")
        buf.write("\2\2\2\u0091\u030b\3\2\2\2\u0093\u0313\3\2\2\2\u0095\u0315")
        buf.write("\3\2\2\2\u0097\u0317\3\2\2\2\u0099\u0319\3\2\2\2\u009b")
        buf.write("\u031b\3\2\2\2\u009d\u032b\3\2\2\2\u009f\u032d\3\2\2\2")
        buf.write("\u00a1\u0343\3\2\2\2\u00a3\u0345\3\2\2\2\u00a5\u034a\3")
        buf.write("\2\2\2\u00a7\u0355\3\2\2\2\u00a9\u0357\3\2\2\2\u00ab\u035d")
        buf.write("\3\2\2\2\u00ad\u0367\3\2\2\2\u00af\u0372\3\2\2\2\u00b1")
        buf.write("\u0374\3\2\2\2\u00b3\u037a\3\2\2\2\u00b5\u0384\3\2\2\2")
        buf.write("\u00b7\u0387\3\2\2\2\u00b9\u038b\3\2\2\2\u00bb\u00bc\7")
        buf.write(".\2\2\u00bc\4\3\2\2\2\u00bd\u00be\7\60\2\2\u00be\6\3\2")
        buf.write("\2\2\u00bf\u00c1\t\2\2\2\u00c0\u00bf\3\2\2\2\u00c1\u00c2")
        buf.write("\3\2\2\2\u00c2\u00c0\3\2\2\2\u00c2\u00c3\3\2\2\2\u00c3")
        buf.write("\u00c4\3\2\2\2\u00c4\u00c5\b\4\2\2\u00c5\b\3\2\2\2\u00c6")
        buf.write("\u00c7\7^\2\2\u00c7\u00d3\7.\2\2\u00c8\u00c9\7^\2\2\u00c9")
        buf.write("\u00ca\7v\2\2\u00ca\u00cb\7j\2\2\u00cb\u00cc\7k\2\2\u00cc")
        buf.write("\u00cd\7p\2\2\u00cd\u00ce\7u\2\2\u00ce\u00cf\7r\2\2\u00cf")
        buf.write("\u00d0\7c\2\2\u00d0\u00d1\7e\2\2\u00d1\u00d3\7g\2\2\u00d2")
        buf.write("\u00c6\3\2\2\2\u00d2\u00c8\3\2\2\2\u00d3\u00d4\3\2\2\2")
        buf.write("\u00d4\u00d5\b\5\2\2\u00d5\n\3\2\2\2\u00d6\u00d7\7^\2")
        buf.write("\2\u00d7\u00e2\7<\2\2\u00d8\u00d9\7^\2\2\u00d9\u00da\7")
        buf.write("o\2\2\u00da\u00db\7g\2\2\u00db\u00dc\7f\2\2\u00dc\u00dd")
        buf.write("\7u\2\2\u00dd\u00de\7r\2\2\u00de\u00df\7c\2\2\u00df\u00e0")
        buf.write("\7e\2\2\u00e0\u00e2\7g\2\2\u00e1\u00d6\3\2\2\2\u00e1\u00d8")
        buf.write("\3\2\2\2\u00e2\u00e3\3\2\2\2\u00e3\u00e4\b\6\2\2\u00e4")
        buf.write("\f\3\2\2\2\u00e5\u00e6\7^\2\2\u00e6\u00f3\7=\2\2\u00e7")
        buf.write("\u00e8\7^\2\2\u00e8\u00e9\7v\2\2\u00e9\u00ea\7j\2\2\u00ea")
        buf.write("\u00eb\7k\2\2\u00eb\u00ec\7e\2\2\u00ec\u00ed\7m\2\2\u00ed")
        buf.write("\u00ee\7u\2\2\u00ee\u00ef\7r\2\2\u00ef\u00f0\7c\2\2\u00f0")
        buf.write("\u00f1\7e\2\2\u00f1\u00f3\7g\2\2\u00f2\u00e5\3\2\2\2\u00f2")
        buf.write("\u00e7\3\2\2\2\u00f3\u00f4\3\2\2\2\u00f4\u00f5\b\7\2\2")
        buf.write("\u00f5\16\3\2\2\2\u00f6\u00f7\7^\2\2\u00f7\u00f8\7s\2")
        buf.write("\2\u00f8\u00f9\7w\2\2\u00f9\u00fa\7c\2\2\u00fa\u00fb\7")
        buf.write("f\2\2\u00fb\u00fc\3\2\2\2\u00fc\u00fd\b\b\2\2\u00fd\20")
        buf.write("\3\2\2\2\u00fe\u00ff\7^\2\2\u00ff\u0100\7s\2\2\u0100\u0101")
        buf.write("\7s\2\2\u0101\u0102\7w\2\2\u0102\u0103\7c\2\2\u0103\u0104")
        buf.write("\7f\2\2\u0104\u0105\3\2\2\2\u0105\u0106\b\t\2\2\u0106")
        buf.write("\22\3\2\2\2\u0107\u0108\7^\2\2\u0108\u0117\7#\2\2\u0109")
        buf.write("\u010a\7^\2\2\u010a\u010b\7p\2\2\u010b\u010c\7g\2\2\u010c")
        buf.write("\u010d\7i\2\2\u010d\u010e\7v\2\2\u010e\u010f\7j\2\2\u010f")
        buf.write("\u0110\7k\2\2\u0110\u0111\7p\2\2\u0111\u0112\7u\2\2\u0112")
        buf.write("\u0113\7r\2\2\u0113\u0114\7c\2\2\u0114\u0115\7e\2\2\u0115")
        buf.write("\u0117\7g\2\2\u0116\u0107\3\2\2\2\u0116\u0109\3\2\2\2")
        buf.write("\u0117\u0118\3\2\2\2\u0118\u0119\b\n\2\2\u0119\24\3\2")
        buf.write("\2\2\u011a\u011b\7^\2\2\u011b\u011c\7p\2\2\u011c\u011d")
        buf.write("\7g\2\2\u011d\u011e\7i\2\2\u011e\u011f\7o\2\2\u011f\u0120")
        buf.write("\7g\2\2\u0120\u0121\7f\2\2\u0121\u0122\7u\2\2\u0122\u0123")
        buf.write("\7r\2\2\u0123\u0124\7c\2\2\u0124\u0125\7e\2\2\u0125\u0126")
        buf.write("\7g\2\2\u0126\u0127\3\2\2\2\u0127\u0128\b\13\2\2\u0128")
        buf.write("\26\3\2\2\2\u0129\u012a\7^\2\2\u012a\u012b\7p\2\2\u012b")
        buf.write("\u012c\7g\2\2\u012c\u012d\7i\2\2\u012d\u012e\7v\2\2\u012e")
        buf.write("\u012f\7j\2\2\u012f\u0130\7k\2\2\u0130\u0131\7e\2\2\u0131")
        buf.write("\u0132\7m\2\2\u0132\u0133\7u\2\2\u0133\u0134\7r\2\2\u0134")
        buf.write("\u0135\7c\2\2\u0135\u0136\7e\2\2\u0136\u0137\7g\2\2\u0137")
        buf.write("\u0138\3\2\2\2\u0138\u0139\b\f\2\2\u0139\30\3\2\2\2\u013a")
        buf.write("\u013b\7^\2\2\u013b\u013c\7n\2\2\u013c\u013d\7g\2\2\u013d")
        buf.write("\u013e\7h\2\2\u013e\u013f\7v\2\2\u013f\u0140\3\2\2\2\u0140")
        buf.write("\u0141\b\r\2\2\u0141\32\3\2\2\2\u0142\u0143\7^\2\2\u0143")
        buf.write("\u0144\7t\2\2\u0144\u0145\7k\2\2\u0145\u0146\7i\2\2\u0146")
        buf.write("\u0147\7j\2\2\u0147\u0148\7v\2\2\u0148\u0149\3\2\2\2\u0149")
        buf.write("\u014a\b\16\2\2\u014a\34\3\2\2\2\u014b\u014c\7^\2\2\u014c")
        buf.write("\u014d\7x\2\2\u014d\u014e\7t\2\2\u014e\u014f\7w\2\2\u014f")
        buf.write("\u0150\7n\2\2\u0150\u017f\7g\2\2\u0151\u0152\7^\2\2\u0152")
        buf.write("\u0153\7x\2\2\u0153\u0154\7e\2\2\u0154\u0155\7g\2\2\u0155")
        buf.write("\u0156\7p\2\2\u0156\u0157\7v\2\2\u0157\u0158\7g\2\2\u0158")
        buf.write("\u017f\7t\2\2\u0159\u015a\7^\2\2\u015a\u015b\7x\2\2\u015b")
        buf.write("\u015c\7d\2\2\u015c\u015d\7q\2\2\u015d\u017f\7z\2\2\u015e")
        buf.write("\u015f\7^\2\2\u015f\u0160\7x\2\2\u0160\u0161\7u\2\2\u0161")
        buf.write("\u0162\7m\2\2\u0162\u0163\7k\2\2\u0163\u017f\7r\2\2\u0164")
        buf.write("\u0165\7^\2\2\u0165\u0166\7x\2\2\u0166\u0167\7u\2\2\u0167")
        buf.write("\u0168\7r\2\2\u0168\u0169\7c\2\2\u0169\u016a\7e\2\2\u016a")
        buf.write("\u017f\7g\2\2\u016b\u016c\7^\2\2\u016c\u016d\7j\2\2\u016d")
        buf.write("\u016e\7h\2\2\u016e\u016f\7k\2\2\u016f\u017f\7n\2\2\u0170")
        buf.write("\u0171\7^\2\2\u0171\u017f\7,\2\2\u0172\u0173\7^\2\2\u0173")
        buf.write("\u017f\7/\2\2\u0174\u0175\7^\2\2\u0175\u017f\7\60\2\2")
        buf.write("\u0176\u0177\7^\2\2\u0177\u017f\7\61\2\2\u0178\u0179\7")
        buf.write("^\2\2\u0179\u017f\7$\2\2\u017a\u017b\7^\2\2\u017b\u017f")
        buf.write("\7*\2\2\u017c\u017d\7^\2\2\u017d\u017f\7?\2\2\u017e\u014b")
        buf.write("\3\2\2\2\u017e\u0151\3\2\2\2\u017e\u0159\3\2\2\2\u017e")
        buf.write("\u015e\3\2\2\2\u017e\u0164\3\2\2\2\u017e\u016b\3\2\2\2")
        buf.write("\u017e\u0170\3\2\2\2\u017e\u0172\3\2\2\2\u017e\u0174\3")
        buf.write("\2\2\2\u017e\u0176\3\2\2\2\u017e\u0178\3\2\2\2\u017e\u017a")
        buf.write("\3\2\2\2\u017e\u017c\3\2\2\2\u017f\u0180\3\2\2\2\u0180")
        buf.write("\u0181\b\17\2\2\u0181\36\3\2\2\2\u0182\u0183\7-\2\2\u0183")
        buf.write(" \3\2\2\2\u0184\u0185\7/\2\2\u0185\"\3\2\2\2\u0186\u0187")
        buf.write("\7,\2\2\u0187$\3\2\2\2\u0188\u0189\7\61\2\2\u0189&\3\2")
        buf.write("\2\2\u018a\u018b\7*\2\2\u018b(\3\2\2\2\u018c\u018d\7+")
        buf.write("\2\2\u018d*\3\2\2\2\u018e\u018f\7}\2\2\u018f,\3\2\2\2")
        buf.write("\u0190\u0191\7\177\2\2\u0191.\3\2\2\2\u0192\u0193\7^\2")
        buf.write("\2\u0193\u0194\7}\2\2\u0194\60\3\2\2\2\u0195\u0196\7^")
        buf.write("\2\2\u0196\u0197\7\177\2\2\u0197\62\3\2\2\2\u0198\u0199")
        buf.write("\7]\2\2\u0199\64\3\2\2\2\u019a\u019b\7_\2\2\u019b\66\3")
        buf.write("\2\2\2\u019c\u019d\7~\2\2\u019d8\3\2\2\2\u019e\u019f\7")
        buf.write("^\2\2\u019f\u01a0\7t\2\2\u01a0\u01a1\7k\2\2\u01a1\u01a2")
        buf.write("\7i\2\2\u01a2\u01a3\7j\2\2\u01a3\u01a4\7v\2\2\u01a4\u01a5")
        buf.write("\7~\2\2\u01a5:\3\2\2\2\u01a6\u01a7\7^\2\2\u01a7\u01a8")
        buf.write("\7n\2\2\u01a8\u01a9\7g\2\2\u01a9\u01aa\7h\2\2\u01aa\u01ab")
        buf.write("\7v\2\2\u01ab\u01ac\7~\2\2\u01ac<\3\2\2\2\u01ad\u01ae")
        buf.write("\7^\2\2\u01ae\u01af\7n\2\2\u01af\u01b0\7c\2\2\u01b0\u01b1")
        buf.write("\7p\2\2\u01b1\u01b2\7i\2\2\u01b2\u01b3\7n\2\2\u01b3\u01b4")
        buf.write("\7g\2\2\u01b4>\3\2\2\2\u01b5\u01b6\7^\2\2\u01b6\u01b7")
        buf.write("\7t\2\2\u01b7\u01b8\7c\2\2\u01b8\u01b9\7p\2\2\u01b9\u01ba")
        buf.write("\7i\2\2\u01ba\u01bb\7n\2\2\u01bb\u01bc\7g\2\2\u01bc@\3")
        buf.write("\2\2\2\u01bd\u01be\7^\2\2\u01be\u01bf\7n\2\2\u01bf\u01c0")
        buf.write("\7k\2\2\u01c0\u01c1\7o\2\2\u01c1B\3\2\2\2\u01c2\u01c3")
        buf.write("\7^\2\2\u01c3\u01c4\7v\2\2\u01c4\u01fa\7q\2\2\u01c5\u01c6")
        buf.write("\7^\2\2\u01c6\u01c7\7t\2\2\u01c7\u01c8\7k\2\2\u01c8\u01c9")
        buf.write("\7i\2\2\u01c9\u01ca\7j\2\2\u01ca\u01cb\7v\2\2\u01cb\u01cc")
        buf.write("\7c\2\2\u01cc\u01cd\7t\2\2\u01cd\u01ce\7t\2\2\u01ce\u01cf")
        buf.write("\7q\2\2\u01cf\u01fa\7y\2\2\u01d0\u01d1\7^\2\2\u01d1\u01d2")
        buf.write("\7T\2\2\u01d2\u01d3\7k\2\2\u01d3\u01d4\7i\2\2\u01d4\u01d5")
        buf.write("\7j\2\2\u01d5\u01d6\7v\2\2\u01d6\u01d7\7c\2\2\u01d7\u01d8")
        buf.write("\7t\2\2\u01d8\u01d9\7t\2\2\u01d9\u01da\7q\2\2\u01da\u01fa")
        buf.write("\7y\2\2\u01db\u01dc\7^\2\2\u01dc\u01dd\7n\2\2\u01dd\u01de")
        buf.write("\7q\2\2\u01de\u01df\7p\2\2\u01df\u01e0\7i\2\2\u01e0\u01e1")
        buf.write("\7t\2\2\u01e1\u01e2\7k\2\2\u01e2\u01e3\7i\2\2\u01e3\u01e4")
        buf.write("\7j\2\2\u01e4\u01e5\7v\2\2\u01e5\u01e6\7c\2\2\u01e6\u01e7")
        buf.write("\7t\2\2\u01e7\u01e8\7t\2\2\u01e8\u01e9\7q\2\2\u01e9\u01fa")
        buf.write("\7y\2\2\u01ea\u01eb\7^\2\2\u01eb\u01ec\7N\2\2\u01ec\u01ed")
        buf.write("\7q\2\2\u01ed\u01ee\7p\2\2\u01ee\u01ef\7i\2\2\u01ef\u01f0")
        buf.write("\7t\2\2\u01f0\u01f1\7k\2\2\u01f1\u01f2\7i\2\2\u01f2\u01f3")
        buf.write("\7j\2\2\u01f3\u01f4\7v\2\2\u01f4\u01f5\7c\2\2\u01f5\u01f6")
        buf.write("\7t\2\2\u01f6\u01f7\7t\2\2\u01f7\u01f8\7q\2\2\u01f8\u01fa")
        buf.write("\7y\2\2\u01f9\u01c2\3\2\2\2\u01f9\u01c5\3\2\2\2\u01f9")
        buf.write("\u01d0\3\2\2\2\u01f9\u01db\3\2\2\2\u01f9\u01ea\3\2\2\2")
        buf.write("\u01faD\3\2\2\2\u01fb\u01fc\7^\2\2\u01fc\u01fd\7k\2\2")
        buf.write("\u01fd\u01fe\7p\2\2\u01fe\u020b\7v\2\2\u01ff\u0200\7^")
        buf.write("\2\2\u0200\u0201\7k\2\2\u0201\u0202\7p\2\2\u0202\u0203")
        buf.write("\7v\2\2\u0203\u0204\7^\2\2\u0204\u0205\7n\2\2\u0205\u0206")
        buf.write("\7k\2\2\u0206\u0207\7o\2\2\u0207\u0208\7k\2\2\u0208\u0209")
        buf.write("\7v\2\2\u0209\u020b\7u\2\2\u020a\u01fb\3\2\2\2\u020a\u01ff")
        buf.write("\3\2\2\2\u020bF\3\2\2\2\u020c\u020d\7^\2\2\u020d\u020e")
        buf.write("\7u\2\2\u020e\u020f\7w\2\2\u020f\u0210\7o\2\2\u0210H\3")
        buf.write("\2\2\2\u0211\u0212\7^\2\2\u0212\u0213\7r\2\2\u0213\u0214")
        buf.write("\7t\2\2\u0214\u0215\7q\2\2\u0215\u0216\7f\2\2\u0216J\3")
        buf.write("\2\2\2\u0217\u0218\7^\2\2\u0218\u0219\7g\2\2\u0219\u021a")
        buf.write("\7z\2\2\u021a\u021b\7r\2\2\u021bL\3\2\2\2\u021c\u021d")
        buf.write("\7^\2\2\u021d\u021e\7n\2\2\u021e\u021f\7q\2\2\u021f\u0220")
        buf.write("\7i\2\2\u0220N\3\2\2\2\u0221\u0222\7^\2\2\u0222\u0223")
        buf.write("\7n\2\2\u0223\u0224\7i\2\2\u0224P\3\2\2\2\u0225\u0226")
        buf.write("\7^\2\2\u0226\u0227\7n\2\2\u0227\u0228\7p\2\2\u0228R\3")
        buf.write("\2\2\2\u0229\u022a\7^\2\2\u022a\u022b\7u\2\2\u022b\u022c")
        buf.write("\7k\2\2\u022c\u022d\7p\2\2\u022dT\3\2\2\2\u022e\u022f")
        buf.write("\7^\2\2\u022f\u0230\7e\2\2\u0230\u0231\7q\2\2\u0231\u0232")
        buf.write("\7u\2\2\u0232V\3\2\2\2\u0233\u0234\7^\2\2\u0234\u0235")
        buf.write("\7v\2\2\u0235\u0236\7c\2\2\u0236\u0237\7p\2\2\u0237X\3")
        buf.write("\2\2\2\u0238\u0239\7^\2\2\u0239\u023a\7e\2\2\u023a\u023b")
        buf.write("\7u\2\2\u023b\u023c\7e\2\2\u023cZ\3\2\2\2\u023d\u023e")
        buf.write("\7^\2\2\u023e\u023f\7u\2\2\u023f\u0240\7g\2\2\u0240\u0241")
        buf.write("\7e\2\2\u0241\\\3\2\2\2\u0242\u0243\7^\2\2\u0243\u0244")
        buf.write("\7e\2\2\u0244\u0245\7q\2\2\u0245\u0246\7v\2\2\u0246^\3")
        buf.write("\2\2\2\u0247\u0248\7^\2\2\u0248\u0249\7c\2\2\u0249\u024a")
        buf.write("\7t\2\2\u024a\u024b\7e\2\2\u024b\u024c\7u\2\2\u024c\u024d")
        buf.write("\7k\2\2\u024d\u024e\7p\2\2\u024e`\3\2\2\2\u024f\u0250")
        buf.write("\7^\2\2\u0250\u0251\7c\2\2\u0251\u0252\7t\2\2\u0252\u0253")
        buf.write("\7e\2\2\u0253\u0254\7e\2\2\u0254\u0255\7q\2\2\u0255\u0256")
        buf.write("\7u\2\2\u0256b\3\2\2\2\u0257\u0258\7^\2\2\u0258\u0259")
        buf.write("\7c\2\2\u0259\u025a\7t\2\2\u025a\u025b\7e\2\2\u025b\u025c")
        buf.write("\7v\2\2\u025c\u025d\7c\2\2\u025d\u025e\7p\2\2\u025ed\3")
        buf.write("\2\2\2\u025f\u0260\7^\2\2\u0260\u0261\7c\2\2\u0261\u0262")
        buf.write("\7t\2\2\u0262\u0263\7e\2\2\u0263\u0264\7e\2\2\u0264\u0265")
        buf.write("\7u\2\2\u0265\u0266\7e\2\2\u0266f\3\2\2\2\u0267\u0268")
        buf.write("\7^\2\2\u0268\u0269\7c\2\2\u0269\u026a\7t\2\2\u026a\u026b")
        buf.write("\7e\2\2\u026b\u026c\7u\2\2\u026c\u026d\7g\2\2\u026d\u026e")
        buf.write("\7e\2\2\u026eh\3\2\2\2\u026f\u0270\7^\2\2\u0270\u0271")
        buf.write("\7c\2\2\u0271\u0272\7t\2\2\u0272\u0273\7e\2\2\u0273\u0274")
        buf.write("\7e\2\2\u0274\u0275\7q\2\2\u0275\u0276\7v\2\2\u0276j\3")
        buf.write("\2\2\2\u0277\u0278\7^\2\2\u0278\u0279\7u\2\2\u0279\u027a")
        buf.write("\7k\2\2\u027a\u027b\7p\2\2\u027b\u027c\7j\2\2\u027cl\3")
        buf.write("\2\2\2\u027d\u027e\7^\2\2\u027e\u027f\7e\2\2\u027f\u0280")
        buf.write("\7q\2\2\u0280\u0281\7u\2\2\u0281\u0282\7j\2\2\u0282n\3")
        buf.write("\2\2\2\u0283\u0284\7^\2\2\u0284\u0285\7v\2\2\u0285\u0286")
        buf.write("\7c\2\2\u0286\u0287\7p\2\2\u0287\u0288\7j\2\2\u0288p\3")
        buf.write("\2\2\2\u0289\u028a\7^\2\2\u028a\u028b\7c\2\2\u028b\u028c")
        buf.write("\7t\2\2\u028c\u028d\7u\2\2\u028d\u028e\7k\2\2\u028e\u028f")
        buf.write("\7p\2\2\u028f\u0290\7j\2\2\u0290r\3\2\2\2\u0291\u0292")
        buf.write("\7^\2\2\u0292\u0293\7c\2\2\u0293\u0294\7t\2\2\u0294\u0295")
        buf.write("\7e\2\2\u0295\u0296\7q\2\2\u0296\u0297\7u\2\2\u0297\u0298")
        buf.write("\7j\2\2\u0298t\3\2\2\2\u0299\u029a\7^\2\2\u029a\u029b")
        buf.write("\7c\2\2\u029b\u029c\7t\2\2\u029c\u029d\7v\2\2\u029d\u029e")
        buf.write("\7c\2\2\u029e\u029f\7p\2\2\u029f\u02a0\7j\2\2\u02a0v\3")
        buf.write("\2\2\2\u02a1\u02a2\7^\2\2\u02a2\u02a3\7n\2\2\u02a3\u02a4")
        buf.write("\7h\2\2\u02a4\u02a5\7n\2\2\u02a5\u02a6\7q\2\2\u02a6\u02a7")
        buf.write("\7q\2\2\u02a7\u02a8\7t\2\2\u02a8x\3\2\2\2\u02a9\u02aa")
        buf.write("\7^\2\2\u02aa\u02ab\7t\2\2\u02ab\u02ac\7h\2\2\u02ac\u02ad")
        buf.write("\7n\2\2\u02ad\u02ae\7q\2\2\u02ae\u02af\7q\2\2\u02af\u02b0")
        buf.write("\7t\2\2\u02b0z\3\2\2\2\u02b1\u02b2\7^\2\2\u02b2\u02b3")
        buf.write("\7n\2\2\u02b3\u02b4\7e\2\2\u02b4\u02b5\7g\2\2\u02b5\u02b6")
        buf.write("\7k\2\2\u02b6\u02b7\7n\2\2\u02b7|\3\2\2\2\u02b8\u02b9")
        buf.write("\7^\2\2\u02b9\u02ba\7t\2\2\u02ba\u02bb\7e\2\2\u02bb\u02bc")
        buf.write("\7g\2\2\u02bc\u02bd\7k\2\2\u02bd\u02be\7n\2\2\u02be~\3")
        buf.write("\2\2\2\u02bf\u02c0\7^\2\2\u02c0\u02c1\7u\2\2\u02c1\u02c2")
        buf.write("\7s\2\2\u02c2\u02c3\7t\2\2\u02c3\u02c4\7v\2\2\u02c4\u0080")
        buf.write("\3\2\2\2\u02c5\u02c6\7^\2\2\u02c6\u02c7\7q\2\2\u02c7\u02c8")
        buf.write("\7x\2\2\u02c8\u02c9\7g\2\2\u02c9\u02ca\7t\2\2\u02ca\u02cb")
        buf.write("\7n\2\2\u02cb\u02cc\7k\2\2\u02cc\u02cd\7p\2\2\u02cd\u02ce")
        buf.write("\7g\2\2\u02ce\u0082\3\2\2\2\u02cf\u02d0\7^\2\2\u02d0\u02d1")
        buf.write("\7v\2\2\u02d1\u02d2\7k\2\2\u02d2\u02d3\7o\2\2\u02d3\u02d4")
        buf.write("\7g\2\2\u02d4\u02d5\7u\2\2\u02d5\u0084\3\2\2\2\u02d6\u02d7")
        buf.write("\7^\2\2\u02d7\u02d8\7e\2\2\u02d8\u02d9\7f\2\2\u02d9\u02da")
        buf.write("\7q\2\2\u02da\u02db\7v\2\2\u02db\u0086\3\2\2\2\u02dc\u02dd")
        buf.write("\7^\2\2\u02dd\u02de\7f\2\2\u02de\u02df\7k\2\2\u02df\u02e0")
        buf.write("\7x\2\2\u02e0\u0088\3\2\2\2\u02e1\u02e2\7^\2\2\u02e2\u02e3")
        buf.write("\7h\2\2\u02e3\u02e4\7t\2\2\u02e4\u02e5\7c\2\2\u02e5\u02f3")
        buf.write("\7e\2\2\u02e6\u02e7\7^\2\2\u02e7\u02e8\7f\2\2\u02e8\u02e9")
        buf.write("\7h\2\2\u02e9\u02ea\7t\2\2\u02ea\u02eb\7c\2\2\u02eb\u02f3")
        buf.write("\7e\2\2\u02ec\u02ed\7^\2\2\u02ed\u02ee\7v\2\2\u02ee\u02ef")
        buf.write("\7h\2\2\u02ef\u02f0\7t\2\2\u02f0\u02f1\7c\2\2\u02f1\u02f3")
        buf.write("\7e\2\2\u02f2\u02e1\3\2\2\2\u02f2\u02e6\3\2\2\2\u02f2")
        buf.write("\u02ec\3\2\2\2\u02f3\u008a\3\2\2\2\u02f4\u02f5\7^\2\2")
        buf.write("\u02f5\u02f6\7d\2\2\u02f6\u02f7\7k\2\2\u02f7\u02f8\7p")
        buf.write("\2\2\u02f8\u02f9\7q\2\2\u02f9\u02fa\7o\2\2\u02fa\u008c")
        buf.write("\3\2\2\2\u02fb\u02fc\7^\2\2\u02fc\u02fd\7f\2\2\u02fd\u02fe")
        buf.write("\7d\2\2\u02fe\u02ff\7k\2\2\u02ff\u0300\7p\2\2\u0300\u0301")
        buf.write("\7q\2\2\u0301\u0302\7o\2\2\u0302\u008e\3\2\2\2\u0303\u0304")
        buf.write("\7^\2\2\u0304\u0305\7v\2\2\u0305\u0306\7d\2\2\u0306\u0307")
        buf.write("\7k\2\2\u0307\u0308\7p\2\2\u0308\u0309\7q\2\2\u0309\u030a")
        buf.write("\7o\2\2\u030a\u0090\3\2\2\2\u030b\u030c\7^\2\2\u030c\u030d")
        buf.write("\7o\2\2\u030d\u030e\7c\2\2\u030e\u030f\7v\2\2\u030f\u0310")
        buf.write("\7j\2\2\u0310\u0311\7k\2\2\u0311\u0312\7v\2\2\u0312\u0092")
        buf.write("\3\2\2\2\u0313\u0314\7a\2\2\u0314\u0094\3\2\2\2\u0315")
        buf.write("\u0316\7`\2\2\u0316\u0096\3\2\2\2\u0317\u0318\7<\2\2\u0318")
        buf.write("\u0098\3\2\2\2\u0319\u031a\t\2\2\2\u031a\u009a\3\2\2\2")
        buf.write("\u031b\u031f\7f\2\2\u031c\u031e\5\u0099M\2\u031d\u031c")
        buf.write("\3\2\2\2\u031e\u0321\3\2\2\2\u031f\u0320\3\2\2\2\u031f")
        buf.write("\u031d\3\2\2\2\u0320\u0329\3\2\2\2\u0321\u031f\3\2\2\2")
        buf.write("\u0322\u032a\t\3\2\2\u0323\u0325\7^\2\2\u0324\u0326\t")
        buf.write("\3\2\2\u0325\u0324\3\2\2\2\u0326\u0327\3\2\2\2\u0327\u0325")
        buf.write("\3\2\2\2\u0327\u0328\3\2\2\2\u0328\u032a\3\2\2\2\u0329")
        buf.write("\u0322\3\2\2\2\u0329\u0323\3\2\2\2\u032a\u009c\3\2\2\2")
        buf.write("\u032b\u032c\t\3\2\2\u032c\u009e\3\2\2\2\u032d\u032e\t")
        buf.write("\4\2\2\u032e\u00a0\3\2\2\2\u032f\u0333\7(\2\2\u0330\u0332")
        buf.write("\5\u0099M\2\u0331\u0330\3\2\2\2\u0332\u0335\3\2\2\2\u0333")
        buf.write("\u0334\3\2\2\2\u0333\u0331\3\2\2\2\u0334\u0337\3\2\2\2")
        buf.write("\u0335\u0333\3\2\2\2\u0336\u032f\3\2\2\2\u0336\u0337\3")
        buf.write("\2\2\2\u0337\u0338\3\2\2\2\u0338\u0344\7?\2\2\u0339\u0341")
        buf.write("\7?\2\2\u033a\u033c\5\u0099M\2\u033b\u033a\3\2\2\2\u033c")
        buf.write("\u033f\3\2\2\2\u033d\u033e\3\2\2\2\u033d\u033b\3\2\2\2")
        buf.write("\u033e\u0340\3\2\2\2\u033f\u033d\3\2\2\2\u0340\u0342\7")
        buf.write("(\2\2\u0341\u033d\3\2\2\2\u0341\u0342\3\2\2\2\u0342\u0344")
        buf.write("\3\2\2\2\u0343\u0336\3\2\2\2\u0343\u0339\3\2\2\2\u0344")
        buf.write("\u00a2\3\2\2\2\u0345\u0346\7^\2\2\u0346\u0347\7p\2\2\u0347")
        buf.write("\u0348\7g\2\2\u0348\u0349\7s\2\2\u0349\u00a4\3\2\2\2\u034a")
        buf.write("\u034b\7>\2\2\u034b\u00a6\3\2\2\2\u034c\u034d\7^\2\2\u034d")
        buf.write("\u034e\7n\2\2\u034e\u034f\7g\2\2\u034f\u0356\7s\2\2\u0350")
        buf.write("\u0351\7^\2\2\u0351\u0352\7n\2\2\u0352\u0356\7g\2\2\u0353")
        buf.write("\u0356\5\u00a9U\2\u0354\u0356\5\u00abV\2\u0355\u034c\3")
        buf.write("\2\2\2\u0355\u0350\3\2\2\2\u0355\u0353\3\2\2\2\u0355\u0354")
        buf.write("\3\2\2\2\u0356\u00a8\3\2\2\2\u0357\u0358\7^\2\2\u0358")
        buf.write("\u0359\7n\2\2\u0359\u035a\7g\2\2\u035a\u035b\7s\2\2\u035b")
        buf.write("\u035c\7s\2\2\u035c\u00aa\3\2\2\2\u035d\u035e\7^\2\2\u035e")
        buf.write("\u035f\7n\2\2\u035f\u0360\7g\2\2\u0360\u0361\7s\2\2\u0361")
        buf.write("\u0362\7u\2\2\u0362\u0363\7n\2\2\u0363\u0364\7c\2\2\u0364")
        buf.write("\u0365\7p\2\2\u0365\u0366\7v\2\2\u0366\u00ac\3\2\2\2\u0367")
        buf.write("\u0368\7@\2\2\u0368\u00ae\3\2\2\2\u0369\u036a\7^\2\2\u036a")
        buf.write("\u036b\7i\2\2\u036b\u036c\7g\2\2\u036c\u0373\7s\2\2\u036d")
        buf.write("\u036e\7^\2\2\u036e\u036f\7i\2\2\u036f\u0373\7g\2\2\u0370")
        buf.write("\u0373\5\u00b1Y\2\u0371\u0373\5\u00b3Z\2\u0372\u0369\3")
        buf.write("\2\2\2\u0372\u036d\3\2\2\2\u0372\u0370\3\2\2\2\u0372\u0371")
        buf.write("\3\2\2\2\u0373\u00b0\3\2\2\2\u0374\u0375\7^\2\2\u0375")
        buf.write("\u0376\7i\2\2\u0376\u0377\7g\2\2\u0377\u0378\7s\2\2\u0378")
        buf.write("\u0379\7s\2\2\u0379\u00b2\3\2\2\2\u037a\u037b\7^\2\2\u037b")
        buf.write("\u037c\7i\2\2\u037c\u037d\7g\2\2\u037d\u037e\7s\2\2\u037e")
        buf.write("\u037f\7u\2\2\u037f\u0380\7n\2\2\u0380\u0381\7c\2\2\u0381")
        buf.write("\u0382\7p\2\2\u0382\u0383\7v\2\2\u0383\u00b4\3\2\2\2\u0384")
        buf.write("\u0385\7#\2\2\u0385\u00b6\3\2\2\2\u0386\u0388\7)\2\2\u0387")
        buf.write("\u0386\3\2\2\2\u0388\u0389\3\2\2\2\u0389\u0387\3\2\2\2")
        buf.write("\u0389\u038a\3\2\2\2\u038a\u00b8\3\2\2\2\u038b\u038d\7")
        buf.write("^\2\2\u038c\u038e\t\3\2\2\u038d\u038c\3\2\2\2\u038e\u038f")
        buf.write("\3\2\2\2\u038f\u038d\3\2\2\2\u038f\u0390\3\2\2\2\u0390")
        buf.write("\u00ba\3\2\2\2\30\2\u00c2\u00d2\u00e1\u00f2\u0116\u017e")
        buf.write("\u01f9\u020a\u02f2\u031f\u0327\u0329\u0333\u0336\u033d")
        buf.write("\u0341\u0343\u0355\u0372\u0389\u038f\3\b\2\2")
        return buf.getvalue()


class LaTeXLexer(Lexer):

    atn = ATNDeserializer().deserialize(serializedATN())

    decisionsToDFA = [ DFA(ds, i) for i, ds in enumerate(atn.decisionToState) ]

    T__0 = 1
    T__1 = 2
    WS = 3
    THINSPACE = 4
    MEDSPACE = 5
    THICKSPACE = 6
    QUAD = 7
    QQUAD = 8
    NEGTHINSPACE = 9
    NEGMEDSPACE = 10
    NEGTHICKSPACE = 11
    CMD_LEFT = 12
    CMD_RIGHT = 13
    IGNORE = 14
    ADD = 15
    SUB = 16
    MUL = 17
    DIV = 18
    L_PAREN = 19
    R_PAREN = 20
    L_BRACE = 21
    R_BRACE = 22
    L_BRACE_LITERAL = 23
    R_BRACE_LITERAL = 24
    L_BRACKET = 25
    R_BRACKET = 26
    BAR = 27
    R_BAR = 28
    L_BAR = 29
    L_ANGLE = 30
    R_ANGLE = 31
    FUNC_LIM = 32
    LIM_APPROACH_SYM = 33
    FUNC_INT = 34
    FUNC_SUM = 35
    FUNC_PROD = 36
    FUNC_EXP = 37
    FUNC_LOG = 38
    FUNC_LG = 39
    FUNC_LN = 40
    FUNC_SIN = 41
    FUNC_COS = 42
    FUNC_TAN = 43
    FUNC_CSC = 44
    FUNC_SEC = 45
    FUNC_COT = 46
    FUNC_ARCSIN = 47
    FUNC_ARCCOS = 48
    FUNC_ARCTAN = 49
    FUNC_ARCCSC = 50
    FUNC_ARCSEC = 51
    FUNC_ARCCOT = 52
    FUNC_SINH = 53
    FUNC_COSH = 54
    FUNC_TANH = 55
    FUNC_ARSINH = 56
    FUNC_ARCOSH = 57
    FUNC_ARTANH = 58
    L_FLOOR = 59
    R_FLOOR = 60
    L_CEIL = 61
    R_CEIL = 62
    FUNC_SQRT = 63
    FUNC_OVERLINE = 64
    CMD_TIMES = 65
    CMD_CDOT = 66
    CMD_DIV = 67
    CMD_FRAC = 68
    CMD_BINOM = 69
    CMD_DBINOM = 70
    CMD_TBINOM = 71
    CMD_MATHIT = 72
    UNDERSCORE = 73
    CARET = 74
    COLON = 75
    DIFFERENTIAL = 76
    LETTER = 77
    DIGIT = 78
    EQUAL = 79
    NEQ = 80
    LT = 81
    LTE = 82
    LTE_Q = 83
    LTE_S = 84
    GT = 85
    GTE = 86
    GTE_Q = 87
    GTE_S = 88
    BANG = 89
    SINGLE_QUOTES = 90
    SYMBOL = 91

    channelNames = [ u"DEFAULT_TOKEN_CHANNEL", u"HIDDEN" ]

    modeNames = [ "DEFAULT_MODE" ]

    literalNames = [ "<INVALID>",
            "','", "'.'", "'\\quad'", "'\\qquad'", "'\\negmedspace'", "'\\negthickspace'", 
            "'\\left'", "'\\right'", "'+'", "'-'", "'*'", "'/'", "'('", 
            "')'", "'{'", "'}'", "'\\{'", "'\\}'", "'['", "']'", "'|'", 
            "'\\right|'", "'\\left|'", "'\\langle'", "'\\rangle'", "'\\lim'", 
            "'\\sum'", "'\\prod'", "'\\exp'", "'\\log'", "'\\lg'", "'\\ln'", 
            "'\\sin'", "'\\cos'", "'\\tan'", "'\\csc'", "'\\sec'", "'\\cot'", 
            "'\\arcsin'", "'\\arccos'", "'\\arctan'", "'\\arccsc'", "'\\arcsec'", 
            "'\\arccot'", "'\\sinh'", "'\\cosh'", "'\\tanh'", "'\\arsinh'", 
            "'\\arcosh'", "'\\artanh'", "'\\lfloor'", "'\\rfloor'", "'\\lceil'", 
            "'\\rceil'", "'\\sqrt'", "'\\overline'", "'\\times'", "'\\cdot'", 
            "'\\div'", "'\\binom'", "'\\dbinom'", "'\\tbinom'", "'\\mathit'", 
            "'_'", "'^'", "':'", "'\\neq'", "'<'", "'\\leqq'", "'\\leqslant'", 
            "'>'", "'\\geqq'", "'\\geqslant'", "'!'" ]

    symbolicNames = [ "<INVALID>",
            "WS", "THINSPACE", "MEDSPACE", "THICKSPACE", "QUAD", "QQUAD", 
            "NEGTHINSPACE", "NEGMEDSPACE", "NEGTHICKSPACE", "CMD_LEFT", 
            "CMD_RIGHT", "IGNORE", "ADD", "SUB", "MUL", "DIV", "L_PAREN", 
            "R_PAREN", "L_BRACE", "R_BRACE", "L_BRACE_LITERAL", "R_BRACE_LITERAL", 
            "L_BRACKET", "R_BRACKET", "BAR", "R_BAR", "L_BAR", "L_ANGLE", 
            "R_ANGLE", "FUNC_LIM", "LIM_APPROACH_SYM", "FUNC_INT", "FUNC_SUM", 
            "FUNC_PROD", "FUNC_EXP", "FUNC_LOG", "FUNC_LG", "FUNC_LN", "FUNC_SIN", 
            "FUNC_COS", "FUNC_TAN", "FUNC_CSC", "FUNC_SEC", "FUNC_COT", 
            "FUNC_ARCSIN", "FUNC_ARCCOS", "FUNC_ARCTAN", "FUNC_ARCCSC", 
            "FUNC_ARCSEC", "FUNC_ARCCOT", "FUNC_SINH", "FUNC_COSH", "FUNC_TANH", 
            "FUNC_ARSINH", "FUNC_ARCOSH", "FUNC_ARTANH", "L_FLOOR", "R_FLOOR", 
            "L_CEIL", "R_CEIL", "FUNC_SQRT", "FUNC_OVERLINE", "CMD_TIMES", 
            "CMD_CDOT", "CMD_DIV", "CMD_FRAC", "CMD_BINOM", "CMD_DBINOM", 
            "CMD_TBINOM", "CMD_MATHIT", "UNDERSCORE", "CARET", "COLON", 
            "DIFFERENTIAL", "LETTER", "DIGIT", "EQUAL", "NEQ", "LT", "LTE", 
            "LTE_Q", "LTE_S", "GT", "GTE", "GTE_Q", "GTE_S", "BANG", "SINGLE_QUOTES", 
            "SYMBOL" ]

    ruleNames = [ "T__0", "T__1", "WS", "THINSPACE", "MEDSPACE", "THICKSPACE", 
                  "QUAD", "QQUAD", "NEGTHINSPACE", "NEGMEDSPACE", "NEGTHICKSPACE", 
                  "CMD_LEFT", "CMD_RIGHT", "IGNORE", "ADD", "SUB", "MUL", 
                  "DIV", "L_PAREN", "R_PAREN", "L_BRACE", "R_BRACE", "L_BRACE_LITERAL", 
                  "R_BRACE_LITERAL", "L_BRACKET", "R_BRACKET", "BAR", "R_BAR", 
                  "L_BAR", "L_ANGLE", "R_ANGLE", "FUNC_LIM", "LIM_APPROACH_SYM", 
                  "FUNC_INT", "FUNC_SUM", "FUNC_PROD", "FUNC_EXP", "FUNC_LOG", 
                  "FUNC_LG", "FUNC_LN", "FUNC_SIN", "FUNC_COS", "FUNC_TAN", 
                  "FUNC_CSC", "FUNC_SEC", "FUNC_COT", "FUNC_ARCSIN", "FUNC_ARCCOS", 
                  "FUNC_ARCTAN", "FUNC_ARCCSC", "FUNC_ARCSEC", "FUNC_ARCCOT", 
                  "FUNC_SINH", "FUNC_COSH", "FUNC_TANH", "FUNC_ARSINH", 
                  "FUNC_ARCOSH", "FUNC_ARTANH", "L_FLOOR", "R_FLOOR", "L_CEIL", 
                  "R_CEIL", "FUNC_SQRT", "FUNC_OVERLINE", "CMD_TIMES", "CMD_CDOT", 
                  "CMD_DIV", "CMD_FRAC", "CMD_BINOM", "CMD_DBINOM", "CMD_TBINOM", 
                  "CMD_MATHIT", "UNDERSCORE", "CARET", "COLON", "WS_CHAR", 
                  "DIFFERENTIAL", "LETTER", "DIGIT", "EQUAL", "NEQ", "LT", 
                  "LTE", "LTE_Q", "LTE_S", "GT", "GTE", "GTE_Q", "GTE_S", 
                  "BANG", "SINGLE_QUOTES", "SYMBOL" ]

    grammarFileName = "LaTeX.g4"

    def __init__(self, input=None, output:TextIO = sys.stdout):
        super().__init__(input, output)
        self._interp = LexerATNSimulator(self, self.atn, self.decisionsToDFA, PredictionContextCache())
        self._actions = None
        self._predicates = None


