package io.ward.lua.term;

import io.ward.lua.Args;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The argument forms of {@code term.prompt}, {@code confirm}, {@code password} and
 * {@code choose} (spec 2.2), checked when the awaitable is made. Numbers are taken where strings
 * are expected; boolean options ({@code trim}) use truthiness. Stateless.
 */
final class QuestionArgs {
    private QuestionArgs() {
    }

    static Question prompt(Varargs a) {
        Form f = form(a, "prompt", "{question, default?, trim?}", "question");
        LuaValue d = f.options.isnil() ? LuaValue.NIL : f.options.get("default");
        LuaValue trim = f.options.isnil() ? LuaValue.NIL : f.options.get("trim");
        return new Question.Prompt(f.text, optString(d, f.optionsIndex, "prompt", "default"), trim.isnil() || trim.toboolean());
    }

    static Question confirm(Varargs a) {
        Form f = form(a, "confirm", "{question, default?}", "question");
        LuaValue d = f.options.isnil() ? LuaValue.NIL : f.options.get("default");
        if (!d.isnil() && !d.isboolean()) {
            throw Args.badArgument(f.optionsIndex, "confirm", "field 'default' must be a boolean, got " + d.typename());
        }
        return new Question.Confirm(f.text, d.toboolean());
    }

    static Question password(Varargs a) {
        Form f = form(a, "password", "{prompt, trim?}", "prompt");
        LuaValue trim = f.options.isnil() ? LuaValue.NIL : f.options.get("trim");
        return new Question.Password(f.text, trim.toboolean());
    }

    static Question choose(Varargs a) {
        LuaValue t = a.arg1();
        if (!t.istable()) {
            throw new LuaError("choose expects table {question, choices, default?}");
        }
        byte[] question = string(t.get("question"), 1, "choose", "question");
        LuaValue c = t.get("choices");
        if (!c.istable()) {
            throw Args.badArgument(1, "choose", "field 'choices' must be a table of strings, got " + c.typename());
        }
        List<LuaString> choices = new ArrayList<>();
        for (int i = 1; !c.rawget(i).isnil(); i++) {
            LuaValue v = c.rawget(i);
            if (!v.isstring()) {
                throw Args.badArgument(1, "choose", "choices[" + i + "] must be a string, got " + v.typename());
            }
            choices.add(v.checkstring());
        }
        if (choices.isEmpty()) {
            throw new LuaError("choose requires non-empty choices");
        }
        LuaValue d = t.get("default");
        int defaultIndex = 0;
        if (!d.isnil()) {
            if (d.type() != LuaValue.TNUMBER || d.todouble() != Math.floor(d.todouble()) || d.todouble() < 0) {
                throw Args.badArgument(1, "choose", "field 'default' must be a non-negative whole number, got "
                        + (d.type() == LuaValue.TNUMBER ? d.tojstring() : d.typename()));
            }
            if (d.todouble() == 0 || d.todouble() > choices.size()) {
                throw new LuaError("choose default is out of range");
            }
            defaultIndex = d.toint();
        }
        return new Question.Choose(question, List.copyOf(choices), defaultIndex);
    }

    /** The text and the options table (or nil) of the three forms shared by prompt, confirm and password. */
    private static final class Form {
        final byte[] text;
        final LuaValue options;
        final int optionsIndex;

        Form(byte[] text, LuaValue options, int optionsIndex) {
            this.text = text;
            this.options = options;
            this.optionsIndex = optionsIndex;
        }
    }

    private static Form form(Varargs a, String fname, String tableForm, String textField) {
        if (a.narg() == 0) {
            throw new LuaError(fname + " expects arguments");
        }
        LuaValue first = a.arg1();
        if (a.narg() == 1) {
            if (first.isstring()) {
                return new Form(Question.bytes(first.checkstring()), LuaValue.NIL, 1);
            }
            if (first.istable()) {
                return new Form(string(first.get(textField), 1, fname, textField), first, 1);
            }
            throw new LuaError(fname + " expects string or table " + tableForm);
        }
        if (!first.isstring()) {
            throw new LuaError(fname + " first arg must be string");
        }
        if (!a.arg(2).istable()) {
            throw new LuaError(fname + " second arg must be table");
        }
        return new Form(Question.bytes(first.checkstring()), a.arg(2), 2);
    }

    private static byte[] string(LuaValue v, int index, String fname, String field) {
        if (!v.isstring()) {
            throw Args.badArgument(index, fname, "field '" + field + "' must be a string, got " + v.typename());
        }
        return Question.bytes(v.checkstring());
    }

    private static LuaString optString(LuaValue v, int index, String fname, String field) {
        if (v.isnil()) {
            return null;
        }
        if (!v.isstring()) {
            throw Args.badArgument(index, fname, "field '" + field + "' must be a string, got " + v.typename());
        }
        return v.checkstring();
    }
}
