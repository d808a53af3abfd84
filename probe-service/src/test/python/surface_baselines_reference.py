# The reference values of SurfaceBaselinesTest: scikit-learn on the same texts and splits.
# Run: /usr/bin/python3 probe-service/src/test/python/surface_baselines_reference.py
import re, numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
W=["alpha","beta","gamma","delta","eps","zeta","eta","theta"]
def text(i):
    L=3+(i%5); ws=[W[(i*i+3*j)%8] for j in range(L)]
    return " ".join(ws).capitalize()+("." if i%2 else "!")
def label(i):
    L=3+(i%5); t=text(i).lower(); return (t.split().count("alpha")+L+(i%7==0))%3
def split(a,b): return [text(i) for i in range(a,b)], np.array([label(i) for i in range(a,b)])
tr,dv,te=split(0,200),split(200,260),split(260,340)
tok=lambda s: re.findall(r"[^\W_]+|[^\w\s]|_", s.lower())
grid=[0.001,0.01,0.1,1.0,10.0,100.0]
def run(Xtr,Xdv,Xte):
    best=-1;bc=None
    for c in grid:
        m=LogisticRegression(C=c,max_iter=100000,tol=1e-10).fit(Xtr,tr[1])
        d=(m.predict(Xdv)==dv[1]).mean(); print("  C",c,"dev",d,"test",(m.predict(Xte)==te[1]).mean())
        if d>best: best=d;bc=m
    return (bc.predict(Xte)==te[1]).mean()
cv=CountVectorizer(tokenizer=tok,lowercase=False,ngram_range=(1,2),token_pattern=None)
print("bow",run(cv.fit_transform(tr[0]),cv.transform(dv[0]),cv.transform(te[0])), len(cv.vocabulary_))
wl=lambda s: len(re.findall(r"[^\W_]+",s))
dvz=DictVectorizer()
f=lambda ts:[{"words=%d"%wl(t):1} for t in ts]
print("length",run(dvz.fit_transform(f(tr[0])),dvz.transform(f(dv[0])),dvz.transform(f(te[0]))))
maj=np.bincount(tr[1]).argmax(); print("majority",(te[1]==maj).mean(), np.bincount(tr[1]))
print(text(0),label(0),text(7),label(7))
