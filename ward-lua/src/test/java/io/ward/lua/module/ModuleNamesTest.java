package io.ward.lua.module;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Names, ids and the package.path edit of ward.module (spec §5.2, §5.3, §5.6). */
class ModuleNamesTest {
    @Test
    void defaultNamesComeFromTheLastSegmentLessOneOfEachSuffix() {
        assertEquals("repo", ModuleNames.defaultName("https://github.com/user/repo.git"));
        assertEquals("repo", ModuleNames.defaultName("git@github.com:user/repo.git/"));
        assertEquals("repo", ModuleNames.defaultName("git@github.com:repo.git"));
        assertEquals("util", ModuleNames.defaultName(" https://x.org/util.lua?v=1#top "));
        assertEquals("pkg", ModuleNames.defaultName("https://x.org/pkg.tar.gz"));
        assertEquals("pkg.tar", ModuleNames.defaultName("https://x.org/pkg.tar.tgz"), "each suffix at most once");
        assertEquals("a", ModuleNames.defaultName("https://x.org/a.lua.git"), ".git, then .lua");
        assertEquals("module", ModuleNames.defaultName("https://x.org/.git"));
        assertEquals("module", ModuleNames.defaultName(""));
    }

    @Test
    void canonicalNames() {
        assertEquals("my_repo", ModuleNames.canonical("My Repo"));
        assertEquals("a_b_c", ModuleNames.canonical("__a--b..c__"));
        assertEquals("_1abc", ModuleNames.canonical("1abc"));
        assertEquals("module", ModuleNames.canonical("§$%"));
        assertEquals("caf", ModuleNames.canonical("café"), "non-ASCII letters are dropped");
        assertEquals("pkg_tar", ModuleNames.canonical("pkg.tar"));
    }

    @Test
    void idsIgnoreQueryFragmentAndTrailingSlashes() {
        String id = ModuleNames.id("https://x.org/r", "head");
        assertEquals(64, id.length());
        assertEquals(id, ModuleNames.id(" https://x.org/r/?a=1#b", "head"));
        assertEquals(false, id.equals(ModuleNames.id("https://x.org/r", "tag:v1")));
    }

    @Test
    void rootsGoAfterTheCurrentDirectoryEntriesAndReplaceTheOldRoot() {
        assertEquals("./?.lua;./?/init.lua;/s/a/?.lua;/s/a/?/init.lua;/s/a/lua/?.lua;/s/a/lua/?/init.lua;/usr/?.lua",
                RequirePath.rebind("./?.lua;./?/init.lua;/usr/?.lua", null, "/s/a"));
        assertEquals("/s/a/?.lua;/s/a/?/init.lua;/s/a/lua/?.lua;/s/a/lua/?/init.lua;/usr/?.lua",
                RequirePath.rebind("/usr/?.lua", null, "/s/a"), "no current-directory entry: at the front");
        assertEquals("?.lua;/s/b/?.lua;/s/b/?/init.lua;/s/b/lua/?.lua;/s/b/lua/?/init.lua",
                RequirePath.rebind(RequirePath.rebind("?.lua", null, "/s/a"), "/s/a", "/s/b"));
        assertEquals("?.lua;/s/a/?.lua;/s/a/?/init.lua;/s/a/lua/?.lua;/s/a/lua/?/init.lua",
                RequirePath.rebind(RequirePath.rebind("?.lua", null, "/s/a"), null, "/s/a"), "no duplicates");
        assertEquals("C:/w/?.lua", RequirePath.patterns("C:\\w").get(0), "backslashes become /");
    }
}
